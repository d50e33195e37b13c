import { createLogger, useLogger } from "../../app/utils/log.server";

export type LogLine = { level: number; msg: string; err?: Record<string, unknown> } & Record<string, unknown>;

/** Sends the app's log to memory until `restore()`: the JSON lines, parsed, and the raw text. */
export function captureLogs() {
  const lines: LogLine[] = [];
  let text = "";
  const previous = useLogger(
    createLogger("json", {
      write(line: string) {
        text += line;
        lines.push(JSON.parse(line) as LogLine);
      },
    }),
  );
  return { lines, text: () => text, restore: () => void useLogger(previous) };
}
