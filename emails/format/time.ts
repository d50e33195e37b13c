/**
 * Times are stored as UTC instants and always shown in the studio's IANA time zone, which the
 * server passes to the page; the browser's own zone never matters, so server and client render
 * the same text and hydration never flickers.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-GB", { timeZone, ...options });
    formatters.set(key, cached);
  }
  return cached;
}

const toDate = (value: Date | string) => (typeof value === "string" ? new Date(value) : value);

/** "18:00" */
export function formatTime(value: Date | string, timeZone: string): string {
  return formatter(timeZone, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(toDate(value));
}

/** "18:00–19:30" */
export function formatTimeRange(start: Date | string, end: Date | string, timeZone: string): string {
  return `${formatTime(start, timeZone)}–${formatTime(end, timeZone)}`;
}

/**
 * Date words are assembled from parts in a fixed order, so the server (Node's ICU) and the
 * browser (its own ICU) always produce identical text and hydration never mismatches.
 */
function dateParts(value: Date | string, timeZone: string, style: "long" | "short") {
  const parts = formatter(timeZone, {
    weekday: style,
    day: "numeric",
    month: style,
    year: "numeric",
  }).formatToParts(toDate(value));
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? "";
  return { weekday: get("weekday"), day: get("day"), month: get("month"), year: get("year") };
}

/** "Tuesday 30 March 2027" */
export function formatLongDate(value: Date | string, timeZone: string): string {
  const { weekday, day, month, year } = dateParts(value, timeZone, "long");
  return `${weekday} ${day} ${month} ${year}`;
}

/** "Tue 30 Mar" */
export function formatShortDate(value: Date | string, timeZone: string): string {
  const { weekday, day, month } = dateParts(value, timeZone, "short");
  return `${weekday} ${day} ${month}`;
}

/** Parts for a calendar-style date badge. */
export function dateBadgeParts(value: Date | string, timeZone: string) {
  const { weekday, day, month } = dateParts(value, timeZone, "short");
  return { weekday, day, month };
}

/** "GMT" or "BST" for London; falls back to an offset such as "GMT+1" elsewhere. */
export function zoneAbbreviation(value: Date | string, timeZone: string): string {
  const parts = formatter(timeZone, { timeZoneName: "short" }).formatToParts(toDate(value));
  return parts.find((part) => part.type === "timeZoneName")?.value ?? timeZone;
}

/** "GMT (UK time)", "BST (UK time)", "CEST (Central European time)". */
export function zoneLabel(at: Date, timeZone: string): string {
  const abbreviation = zoneAbbreviation(at, timeZone);
  if (timeZone === "Europe/London") return `${abbreviation} (UK time)`;
  const generic = formatter(timeZone, { timeZoneName: "longGeneric" })
    .formatToParts(at)
    .find((part) => part.type === "timeZoneName")?.value;
  if (!generic || generic === abbreviation) return abbreviation;
  return `${abbreviation} (${generic.replace(/ Time$/, " time")})`;
}

/** "Tue 30 Mar, 18:00–19:30 BST" */
export function formatSlotWhen(start: Date | string, end: Date | string, timeZone: string): string {
  return `${formatShortDate(start, timeZone)}, ${formatTimeRange(start, end, timeZone)} ${zoneAbbreviation(start, timeZone)}`;
}

/** "1 hr 30 min", "50 min" */
export function formatDuration(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} hr` : `${hours} hr ${rest} min`;
}
