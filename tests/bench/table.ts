/** Plain-text tables for the benchmark's report, and the small number helpers they need. */

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A table with a header row and a rule under it; the first column left-aligned, the others right-aligned. */
export function table(rows: string[][], { leftAligned = [0] }: { leftAligned?: number[] } = {}): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row, index) => {
      const line = row
        .map((cell, column) => (leftAligned.includes(column) ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join("  ")
        .trimEnd();
      return index === 0 ? `${line}\n${widths.map((width) => "-".repeat(width)).join("  ")}` : line;
    })
    .join("\n");
}

export const verdict = (pass: boolean) => (pass ? "PASS" : "FAIL");

export const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "-");

/** Milliseconds: one decimal under 10 ms, whole numbers above. */
export const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 1 : 0) : "-");

export const percent = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : "-");

/** A signed change, "+3 %" or "−12 %". */
export const change = (value: number) =>
  Number.isFinite(value) ? `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(0)} %` : "-";
