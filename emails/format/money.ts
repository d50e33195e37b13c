const formatters = new Map<string, Intl.NumberFormat>();

/** Formats an amount in minor units (pence) in the given ISO currency: 2800 GBP → "£28". */
export function formatMoney(amountMinor: number, currency: string): string {
  let cached = formatters.get(currency);
  if (!cached) {
    cached = new Intl.NumberFormat("en-GB", { style: "currency", currency });
    formatters.set(currency, cached);
  }
  const digits = cached.resolvedOptions().maximumFractionDigits ?? 2;
  const major = amountMinor / 10 ** digits;
  const text = cached.format(major);
  // Whole amounts read better without ".00" on a price tag.
  return Number.isInteger(major) ? text.replace(/[.,]00(?=\D*$)/, "") : text;
}
