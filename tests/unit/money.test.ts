import { describe, expect, it } from "vitest";
import { formatMoney } from "../../emails/format/money";

describe("formatMoney", () => {
  it("formats minor units, dropping .00 on whole amounts", () => {
    expect(formatMoney(2800, "GBP")).toBe("£28");
    expect(formatMoney(2850, "GBP")).toBe("£28.50");
    expect(formatMoney(0, "GBP")).toBe("£0");
    expect(formatMoney(123456, "EUR")).toBe("€1,234.56");
  });
});
