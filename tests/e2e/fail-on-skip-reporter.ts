import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";

/** Under CI a skipped browser test fails the run; locally it is listed. */
export default class FailOnSkipReporter implements Reporter {
  private skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === "skipped") this.skipped.push(test.titlePath().slice(1).join(" › "));
  }

  async onEnd(_result: FullResult): Promise<{ status?: FullResult["status"] } | undefined> {
    if (this.skipped.length === 0) return;
    const list = this.skipped.map((name) => `  - ${name}`).join("\n");
    if (process.env.CI) {
      console.error(`\nCI=true and ${this.skipped.length} browser test(s) were skipped:\n${list}\n`);
      return { status: "failed" as const };
    }
    console.warn(`\n${this.skipped.length} browser test(s) skipped (allowed outside CI):\n${list}\n`);
    return undefined;
  }
}
