import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { serverArguments } from "../helpers/server-command";

describe("how the server is run", () => {
  it("caps the heap, and the image runs the same command as `npm run serve`", () => {
    const args = serverArguments();
    expect(args).toContain("--max-old-space-size=512");
    const dockerfile = readFileSync(new URL("../../Dockerfile", import.meta.url), "utf8");
    const command = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(command && JSON.parse(command)).toEqual(["node", ...args]);
  });
});
