const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes a value for HTML text and double- or single-quoted attributes. */
export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** A subject is a mail header: a customer's name must never smuggle in a line break. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").replace(/ {2,}/g, " ").trim();
}

export function firstName(fullName: string): string {
  return oneLine(fullName).split(" ")[0] || "there";
}

/**
 * A person's name inside a line of text, between FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
 * (U+2068, U+2069): an Arabic or Hebrew name then reads right to left on its own, and the words
 * and numbers around it keep their order ("New booking: ⁨ليلى حداد⁩, 1 place"). Without them the
 * bidirectional algorithm pulls the comma and the "1" into the name's run. HTML uses <bdi>.
 */
export function isolate(name: string): string {
  return `\u2068${name}\u2069`;
}
