import type { PainLocation } from "../../db/intake";

/*
 * The knee diagram, drawn once as SVG markup: the booking form's chooser, the guide's pictures
 * beside each cause and (rasterised to PNG at build time) the confirmation email all come from
 * here, so the site and the email always show the same knee.
 *
 * A right knee as you look down at it: the kneecap in the middle, the tendon just above it
 * (quadriceps) and just below it (patellar), and the IT band down the outer side, on the right.
 * Pure strings with no server code: the browser bundle imports it too.
 */

export const KNEE_DIAGRAM_VIEWBOX = { width: 160, height: 200 } as const;

/** What each picture shows, for alt text and the guide's labels. */
export const KNEE_DIAGRAM_ALT: Record<PainLocation, string> = {
  front: "Knee diagram: the front of the knee, around the kneecap, highlighted",
  outer: "Knee diagram: the outside of the knee, where the IT band runs, highlighted",
  tendon: "Knee diagram: the tendons just below and just above the kneecap highlighted",
  unsure: "Knee diagram: the whole knee gently outlined, with no one area highlighted",
};

/** The email's picture: shown at this size, drawn at twice it for sharp screens. */
export const KNEE_EMAIL_IMAGE = { width: 120, height: 150, scale: 2 } as const;

/** Where the site serves the email's PNG of an area (made by `npm run build`, see emails/images). */
export function kneeImagePath(location: PainLocation): string {
  return `/email/knee-${location}.png`;
}

const INK = "#7d6f64";
const INK_SOFT = "#a8978a";
const SKIN = "#f4ebdf";
const TISSUE = "#e8d6c0";
const BONE = "#fffaf3";
const HOT = "#ee9a63";
const HOT_INK = "#9a4510";
const GLOW = "#f6d2ae";

type Attrs = Record<string, string | number>;

function el(tag: string, attrs: Attrs): string {
  const list = Object.entries(attrs)
    .map(([name, value]) => `${name}="${value}"`)
    .join(" ");
  return `<${tag} ${list}/>`;
}

/** The outline of the leg, thigh to shin, with the knee's gentle bulge on either side. */
const LEG =
  "M28 0 C31 36 40 62 40 84 C40 96 34 106 38 118 C41 126 45 130 45 138 C43 152 46 176 52 200 L108 200 C114 176 117 152 115 138 C115 130 119 126 121 118 C125 106 120 96 120 84 C120 62 129 36 132 0 Z";
const KNEECAP = "M80 80 C91 80 98 88 98 98 C98 109 89 121 80 122 C71 121 62 109 62 98 C62 88 69 80 80 80 Z";
const QUAD_TENDON = "M70 44 C76 42 84 42 90 44 L88 75 C84 77 76 77 72 75 Z";
const PATELLAR_TENDON = "M72 125 C77 127 83 127 88 125 L85 155 C82 158 78 158 75 155 Z";
const IT_BAND = "M106 0 L118 0 C116 36 113 70 112 96 C112 110 111 122 107 131 C103 130 101 126 102 120 C104 108 103 96 103 84 C103 56 105 30 106 0 Z";
/** Light anatomical hints: the inner thigh muscle's teardrop and the shin bone. */
const HINTS = ["M46 56 C48 74 53 86 61 88", "M80 164 L80 200"];

/** Wider, invisible targets so a finger finds each area; painted last so they sit on top. */
const HITS: { area: PainLocation; shape: string; attrs: Attrs }[] = [
  { area: "unsure", shape: "path", attrs: { d: LEG } },
  { area: "front", shape: "ellipse", attrs: { cx: 80, cy: 100, rx: 20, ry: 26 } },
  { area: "tendon", shape: "rect", attrs: { x: 60, y: 36, width: 40, height: 37, rx: 8 } },
  { area: "tendon", shape: "rect", attrs: { x: 60, y: 127, width: 40, height: 36, rx: 8 } },
  { area: "outer", shape: "rect", attrs: { x: 100, y: 30, width: 34, height: 116, rx: 12 } },
];

export type KneeDiagramOptions = {
  /** The area drawn highlighted; null draws the plain knee (the chooser highlights with CSS). */
  highlight: PainLocation | null;
  /** Adds the invisible tap targets the booking form listens to. */
  interactive?: boolean;
  /** Paints the card colour behind the knee, for the email's PNG (dark mail apps keep it legible). */
  background?: string;
};

/**
 * The diagram's inner markup. Every piece carries a class naming its area, so the booking form's
 * stylesheet can highlight the chosen one; the colours are presentation attributes, so the same
 * markup also renders correctly where there is no stylesheet (a rasteriser, a feed reader).
 */
export function kneeDiagramMarkup({ highlight, interactive = false, background }: KneeDiagramOptions): string {
  const on = (area: PainLocation) => highlight === area;
  const glow = (area: PainLocation, shape: string, attrs: Attrs) =>
    el(shape, { class: `knee-glow knee-glow--${area}`, fill: GLOW, stroke: HOT_INK, "stroke-width": 1.5, "stroke-dasharray": "4 3", opacity: on(area) ? 1 : 0, ...attrs });
  const part = (area: PainLocation, d: string, base: string) =>
    el("path", {
      class: `knee-part knee-part--${area}`,
      d,
      fill: on(area) ? HOT : base,
      stroke: on(area) ? HOT_INK : INK_SOFT,
      "stroke-width": on(area) ? 2 : 1.25,
      "stroke-linejoin": "round",
    });

  const pieces = [
    background
      ? el("rect", { x: 0, y: 0, width: KNEE_DIAGRAM_VIEWBOX.width, height: KNEE_DIAGRAM_VIEWBOX.height, rx: 14, fill: background })
      : "",
    el("path", { class: "knee-leg", d: LEG, fill: SKIN, stroke: INK, "stroke-width": 2, "stroke-linejoin": "round" }),
    glow("unsure", "ellipse", { cx: 80, cy: 100, rx: 52, ry: 64, "fill-opacity": 0.55 }),
    ...HINTS.map((d) => el("path", { class: "knee-hint", d, fill: "none", stroke: INK_SOFT, "stroke-width": 1.25, "stroke-linecap": "round" })),
    glow("outer", "ellipse", { cx: 109, cy: 104, rx: 14, ry: 34 }),
    part("outer", IT_BAND, TISSUE),
    glow("front", "ellipse", { cx: 80, cy: 100, rx: 26, ry: 29 }),
    glow("tendon", "ellipse", { cx: 80, cy: 59, rx: 17, ry: 22 }),
    glow("tendon", "ellipse", { cx: 80, cy: 141, rx: 15, ry: 22 }),
    part("tendon", QUAD_TENDON, TISSUE),
    part("tendon", PATELLAR_TENDON, TISSUE),
    part("front", KNEECAP, BONE),
    ...(interactive
      ? HITS.map(({ area, shape, attrs }) => el(shape, { class: "knee-hit", "data-area": area, fill: "transparent", ...attrs }))
      : []),
  ];
  return pieces.filter(Boolean).join("");
}

/** A complete SVG document of one area highlighted, for rasterising (see emails/images). */
export function kneeDiagramSvg(location: PainLocation, background: string): string {
  const { width, height } = KNEE_DIAGRAM_VIEWBOX;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${kneeDiagramMarkup(
    { highlight: location, background },
  )}</svg>`;
}
