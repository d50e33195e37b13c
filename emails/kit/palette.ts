/** The studio's colours and type in email: the light scheme; layout.ts holds the dark overrides. */
export const COLOR = {
  background: "#fbf6ef",
  card: "#fffdf9",
  text: "#2a211c",
  muted: "#5f5249",
  accent: "#1d5446",
  highlight: "#f6d2ae",
  rule: "#eadfd2",
} as const;

export const FONT_BODY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
export const FONT_HEADING = "Georgia, 'Times New Roman', serif";
