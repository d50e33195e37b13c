import type { Reporter, TestCase } from "vitest/node";

/**
 * Under CI a skipped test is a failure: CI must run every test against real Postgres.
 * Locally a skip is allowed and its reason is printed by the test itself.
 */
export default class FailOnSkipReporter implements Reporter {
  private skipped: string[] = [];

  onTestCaseResult(testCase: TestCase) {
    if (testCase.result().state === "skipped") this.skipped.push(testCase.fullName);
  }

  onTestRunEnd() {
    if (this.skipped.length === 0) return;
    const list = this.skipped.map((name) => `  - ${name}`).join("\n");
    if (process.env.CI) {
      console.error(`\nCI=true and ${this.skipped.length} test(s) were skipped; under CI every test must run:\n${list}\n`);
      process.exitCode = 1;
    } else {
      console.warn(`\n${this.skipped.length} test(s) skipped (allowed outside CI):\n${list}\n`);
    }
  }
}
