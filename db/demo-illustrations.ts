/*
 * The demo studio's pictures: flat, warm illustrations drawn here as SVG (no photo of anyone),
 * one per demo offering and instructor and one for the home page's hero. The seed renders them
 * through the same pipeline and storage as an uploaded photo, so demo pages use the real URLs,
 * sizes and caching. No text in them: they render the same on every machine, fonts or not.
 */

type Point = readonly [number, number];
type Limb = readonly [joint: Point, end: Point];
type Pose = {
  head: Point;
  neck: Point;
  hip: Point;
  /** Far side first, then near side. */
  arms: readonly [Limb, Limb];
  legs: readonly [Limb, Limb];
  /** Which way the feet point. */
  facing: 1 | -1;
};
type Look = { skin: string; top: string; bottom: string; hair: string; shoe: string; hairStyle: "bun" | "short" | "ponytail" | "curls" };

const PALETTE = {
  cream: "#fbf6ef",
  /** The studio's wall: a shade warmer than the site's background, so a picture's edge shows. */
  wall: "#f5e7d6",
  sand: "#f4ebdf",
  apricot: "#f6d2ae",
  peach: "#f3b98a",
  terracotta: "#c8643c",
  ochre: "#e0a458",
  green: "#1d5446",
  sage: "#8fb5a0",
  mint: "#cfe3d6",
  sky: "#dbe9ec",
  ink: "#2a211c",
  wood: "#d9b48f",
  woodDark: "#b98a5e",
} as const;

const LOOKS = {
  maya: { skin: "#8d5a3b", top: PALETTE.green, bottom: "#2f3a4a", hair: "#1f1714", shoe: PALETTE.terracotta, hairStyle: "bun" },
  tom: { skin: "#e3b28a", top: PALETTE.terracotta, bottom: "#33404f", hair: "#5a3a22", shoe: PALETTE.green, hairStyle: "short" },
  runnerA: { skin: "#c68642", top: PALETTE.ochre, bottom: "#3b4556", hair: "#2a1b12", shoe: PALETTE.green, hairStyle: "ponytail" },
  runnerB: { skin: "#f1c9a5", top: "#6f9bb0", bottom: "#2f3a4a", hair: "#a0522d", shoe: PALETTE.terracotta, hairStyle: "curls" },
  runnerC: { skin: "#6b4226", top: PALETTE.sage, bottom: "#3b4556", hair: "#16110e", shoe: PALETTE.ochre, hairStyle: "short" },
} as const satisfies Record<string, Look>;

/** A colour a little darker: the far arm and leg, so a figure reads in depth. */
function shade(hex: string, amount = 0.82): string {
  const value = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.round(((value >> shift) & 255) * amount);
  return `#${[16, 8, 0].map((shift) => channel(shift).toString(16).padStart(2, "0")).join("")}`;
}

const line = (points: readonly Point[], colour: string, width: number) =>
  `<polyline points="${points.map(([x, y]) => `${x},${y}`).join(" ")}" fill="none" stroke="${colour}" stroke-width="${width}" stroke-linecap="round" stroke-linejoin="round"/>`;

function hair([x, y]: Point, look: Look, facing: 1 | -1): string {
  const r = 36;
  const cap = `<path d="M ${x - r - 2} ${y + 4} A ${r + 2} ${r + 2} 0 0 1 ${x + r + 2} ${y + 4} Q ${x} ${y - 8} ${x - r - 2} ${y + 4} Z" fill="${look.hair}"/>`;
  switch (look.hairStyle) {
    case "bun":
      return `<circle cx="${x - facing * 14}" cy="${y - r - 10}" r="18" fill="${look.hair}"/>${cap}`;
    case "ponytail":
      return `${line([[x - facing * 30, y - 14], [x - facing * 62, y + 8], [x - facing * 70, y + 40]], look.hair, 18)}${cap}`;
    case "curls":
      return [-26, -9, 9, 26].map((dx) => `<circle cx="${x + dx}" cy="${y - r + 6}" r="16" fill="${look.hair}"/>`).join("") + cap;
    case "short":
      return cap;
  }
}

/** A person as thick, rounded strokes: far limbs, body, near limbs, head. */
function figure(pose: Pose, look: Look): string {
  const [neckX, neckY] = pose.neck;
  const [hipX, hipY] = pose.hip;
  const shoulder: Point = [neckX + (hipX - neckX) * 0.12, neckY + (hipY - neckY) * 0.12];
  const leg = ([knee, foot]: Limb, far: boolean) =>
    line([pose.hip, knee, foot], far ? shade(look.bottom) : look.bottom, 34) +
    line([foot, [foot[0] + pose.facing * 26, foot[1] + 2]], far ? shade(look.shoe) : look.shoe, 24);
  const arm = ([elbow, hand]: Limb, far: boolean) => {
    const sleeveEnd: Point = [shoulder[0] + (elbow[0] - shoulder[0]) * 0.55, shoulder[1] + (elbow[1] - shoulder[1]) * 0.55];
    return line([shoulder, elbow, hand], far ? shade(look.skin) : look.skin, 26) + line([shoulder, sleeveEnd], far ? shade(look.top) : look.top, 30);
  };
  return [
    arm(pose.arms[0], true),
    leg(pose.legs[0], true),
    line([pose.neck, [hipX + (neckX - hipX) * 0.02, hipY - 6]], look.top, 66),
    line([[hipX, hipY - 10], pose.hip], look.bottom, 62),
    leg(pose.legs[1], false),
    arm(pose.arms[1], false),
    `<circle cx="${pose.head[0]}" cy="${pose.head[1]}" r="36" fill="${look.skin}"/>`,
    hair(pose.head, look, pose.facing),
  ].join("");
}

const svg = (width: number, height: number, viewWidth: number, viewHeight: number, body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${viewWidth} ${viewHeight}">${body}</svg>`;

function plant(x: number, y: number, scale = 1): string {
  const leaf = (dx: number, dy: number, rotate: number, colour: string) =>
    `<ellipse cx="${x + dx * scale}" cy="${y + dy * scale}" rx="${22 * scale}" ry="${58 * scale}" transform="rotate(${rotate} ${x + dx * scale} ${y + dy * scale})" fill="${colour}"/>`;
  return [
    leaf(-40, -110, -35, PALETTE.sage),
    leaf(40, -115, 32, PALETTE.sage),
    leaf(0, -140, 0, PALETTE.green),
    leaf(-20, -80, -60, PALETTE.green),
    leaf(24, -78, 58, "#3f7a66"),
    `<path d="M ${x - 46 * scale} ${y - 40 * scale} L ${x + 46 * scale} ${y - 40 * scale} L ${x + 34 * scale} ${y + 40 * scale} L ${x - 34 * scale} ${y + 40 * scale} Z" fill="${PALETTE.terracotta}"/>`,
  ].join("");
}

const mat = (x: number, y: number, width: number, colour: string) =>
  `<rect x="${x}" y="${y}" width="${width}" height="22" rx="11" fill="${colour}"/>`;

function room(width: number, height: number, floorY: number, window: { x: number; width: number }): string {
  const { x, width: w } = window;
  const top = 90;
  const arch = `M ${x} ${floorY - 40} L ${x} ${top + w / 2} A ${w / 2} ${w / 2} 0 0 1 ${x + w} ${top + w / 2} L ${x + w} ${floorY - 40} Z`;
  return [
    `<rect width="${width}" height="${height}" fill="${PALETTE.wall}"/>`,
    `<path d="${arch}" fill="${PALETTE.sky}"/>`,
    `<circle cx="${x + w * 0.68}" cy="${top + w * 0.42}" r="${w * 0.16}" fill="${PALETTE.apricot}"/>`,
    `<path d="M ${x} ${floorY - 150} Q ${x + w * 0.3} ${floorY - 230} ${x + w * 0.62} ${floorY - 170} T ${x + w} ${floorY - 190} L ${x + w} ${floorY - 40} L ${x} ${floorY - 40} Z" fill="${PALETTE.mint}"/>`,
    `<path d="M ${x} ${floorY - 100} Q ${x + w * 0.45} ${floorY - 170} ${x + w} ${floorY - 110} L ${x + w} ${floorY - 40} L ${x} ${floorY - 40} Z" fill="${PALETTE.sage}"/>`,
    `<path d="${arch}" fill="none" stroke="${PALETTE.wood}" stroke-width="18"/>`,
    `<line x1="${x + w / 2}" y1="${top + 10}" x2="${x + w / 2}" y2="${floorY - 40}" stroke="${PALETTE.wood}" stroke-width="10"/>`,
    `<rect x="0" y="${floorY}" width="${width}" height="${height - floorY}" fill="${PALETTE.wood}"/>`,
    `<rect x="0" y="${floorY}" width="${width}" height="10" fill="${PALETTE.woodDark}"/>`,
  ].join("");
}

function outdoors(width: number, height: number, groundY: number): string {
  return [
    `<rect width="${width}" height="${height}" fill="${PALETTE.sky}"/>`,
    `<circle cx="${width * 0.84}" cy="${groundY - 400}" r="120" fill="${PALETTE.apricot}"/>`,
    `<circle cx="${width * 0.84}" cy="${groundY - 400}" r="80" fill="${PALETTE.peach}"/>`,
    `<path d="M 0 ${groundY - 120} Q ${width * 0.25} ${groundY - 260} ${width * 0.5} ${groundY - 150} T ${width} ${groundY - 170} L ${width} ${height} L 0 ${height} Z" fill="${PALETTE.mint}"/>`,
    `<path d="M 0 ${groundY - 40} Q ${width * 0.4} ${groundY - 140} ${width} ${groundY - 60} L ${width} ${height} L 0 ${height} Z" fill="${PALETTE.sage}"/>`,
    `<rect x="0" y="${groundY}" width="${width}" height="${height - groundY}" fill="${PALETTE.sand}"/>`,
    `<path d="M ${width * 0.05} ${height} Q ${width * 0.35} ${groundY + 30} ${width * 0.62} ${groundY + 6}" fill="none" stroke="${PALETTE.wood}" stroke-width="26" stroke-linecap="round"/>`,
  ].join("");
}

function tree(x: number, groundY: number): string {
  return [
    `<rect x="${x - 12}" y="${groundY - 170}" width="24" height="170" rx="10" fill="${PALETTE.woodDark}"/>`,
    `<circle cx="${x}" cy="${groundY - 210}" r="80" fill="${PALETTE.green}"/>`,
    `<circle cx="${x - 55}" cy="${groundY - 170}" r="55" fill="#3f7a66"/>`,
    `<circle cx="${x + 58}" cy="${groundY - 165}" r="52" fill="#3f7a66"/>`,
  ].join("");
}

// ─── Poses (a 1200 × 800 canvas, the floor at y = 640) ───────────────────────

const kneelingHipStretch = (x: number, floor: number): Pose => ({
  head: [x + 22, floor - 338],
  neck: [x + 16, floor - 290],
  hip: [x, floor - 150],
  arms: [
    [[x + 44, floor - 380], [x + 60, floor - 452]],
    [[x + 60, floor - 372], [x + 84, floor - 440]],
  ],
  legs: [
    [[x - 80, floor - 22], [x - 200, floor - 14]],
    [[x + 125, floor - 150], [x + 128, floor - 14]],
  ],
  facing: 1,
});

const ankleRock = (x: number, floor: number): Pose => ({
  head: [x + 52, floor - 370],
  neck: [x + 40, floor - 322],
  hip: [x, floor - 200],
  arms: [
    [[x + 80, floor - 240], [x + 118, floor - 160]],
    [[x + 92, floor - 248], [x + 128, floor - 170]],
  ],
  legs: [
    [[x - 50, floor - 100], [x - 120, floor - 14]],
    [[x + 120, floor - 120], [x + 104, floor - 14]],
  ],
  facing: 1,
});

const standingQuadStretch = (x: number, floor: number): Pose => ({
  head: [x + 6, floor - 420],
  neck: [x + 4, floor - 372],
  hip: [x, floor - 215],
  arms: [
    [[x + 80, floor - 350], [x + 160, floor - 372]],
    [[x - 34, floor - 270], [x - 70, floor - 206]],
  ],
  legs: [
    [[x + 14, floor - 100], [x - 74, floor - 196]],
    [[x, floor - 110], [x, floor - 14]],
  ],
  facing: 1,
});

const gobletSquat = (x: number, floor: number): Pose => ({
  head: [x + 38, floor - 320],
  neck: [x + 28, floor - 272],
  hip: [x - 30, floor - 140],
  arms: [
    [[x + 64, floor - 196], [x + 58, floor - 240]],
    [[x + 78, floor - 190], [x + 70, floor - 236]],
  ],
  legs: [
    [[x + 70, floor - 150], [x + 40, floor - 14]],
    [[x + 86, floor - 140], [x + 60, floor - 14]],
  ],
  facing: 1,
});

const stepDown = (x: number, boxTop: number): Pose => ({
  head: [x - 6, boxTop - 400],
  neck: [x - 4, boxTop - 352],
  hip: [x, boxTop - 200],
  arms: [
    [[x + 40, boxTop - 280], [x + 110, boxTop - 290]],
    [[x + 50, boxTop - 286], [x + 122, boxTop - 300]],
  ],
  legs: [
    [[x + 40, boxTop - 106], [x + 4, boxTop - 12]],
    [[x + 60, boxTop - 96], [x + 80, boxTop + 10]],
  ],
  facing: 1,
});

const runningStride = (x: number, belt: number): Pose => ({
  head: [x + 48, belt - 412],
  neck: [x + 38, belt - 364],
  hip: [x, belt - 210],
  arms: [
    [[x - 20, belt - 270], [x - 70, belt - 236]],
    [[x + 84, belt - 286], [x + 124, belt - 330]],
  ],
  legs: [
    [[x - 44, belt - 110], [x - 130, belt - 150]],
    [[x + 86, belt - 140], [x + 70, belt - 14]],
  ],
  facing: 1,
});

const lyingFigureFour = (x: number, floor: number): Pose => ({
  head: [x - 240, floor - 58],
  neck: [x - 196, floor - 56],
  hip: [x, floor - 46],
  arms: [
    [[x - 110, floor - 110], [x - 10, floor - 170]],
    [[x - 100, floor - 120], [x + 4, floor - 184]],
  ],
  legs: [
    [[x + 90, floor - 190], [x + 170, floor - 22]],
    [[x + 60, floor - 210], [x + 112, floor - 140]],
  ],
  facing: 1,
});

const kneelingCoach = (x: number, floor: number): Pose => ({
  head: [x - 14, floor - 340],
  neck: [x - 8, floor - 292],
  hip: [x, floor - 140],
  arms: [
    [[x - 40, floor - 210], [x - 20, floor - 160]],
    [[x - 70, floor - 230], [x - 140, floor - 210]],
  ],
  legs: [
    [[x + 10, floor - 20], [x + 120, floor - 14]],
    [[x - 4, floor - 16], [x + 110, floor - 10]],
  ],
  facing: -1,
});

const standingDemo = (x: number, floor: number): Pose => ({
  head: [x, floor - 430],
  neck: [x, floor - 382],
  hip: [x, floor - 222],
  arms: [
    [[x - 60, floor - 300], [x - 40, floor - 226]],
    [[x - 78, floor - 320], [x - 150, floor - 350]],
  ],
  legs: [
    [[x + 20, floor - 118], [x + 30, floor - 14]],
    [[x - 16, floor - 118], [x - 28, floor - 14]],
  ],
  facing: -1,
});

// ─── The pictures ────────────────────────────────────────────────────────────

function hipsAndAnkles(): string {
  const floor = 660;
  return svg(
    1600,
    1067,
    1200,
    800,
    room(1200, 800, floor, { x: 420, width: 360 }) +
      plant(1090, floor - 40, 1.1) +
      mat(150, floor - 8, 420, PALETTE.terracotta) +
      mat(680, floor - 8, 380, PALETTE.green) +
      figure(kneelingHipStretch(380, floor - 8), LOOKS.runnerA) +
      figure(ankleRock(830, floor - 8), LOOKS.maya),
  );
}

function kneeReset(): string {
  const ground = 640;
  return svg(
    1600,
    1067,
    1200,
    800,
    outdoors(1200, 800, ground) + tree(190, ground - 10) + figure(standingQuadStretch(660, ground + 40), LOOKS.runnerB),
  );
}

function strength(): string {
  const floor = 660;
  const boxTop = floor - 150;
  return svg(
    1600,
    1067,
    1200,
    800,
    room(1200, 800, floor, { x: 80, width: 300 }) +
      mat(260, floor - 8, 380, PALETTE.green) +
      figure(gobletSquat(430, floor - 8), LOOKS.runnerC) +
      `<circle cx="${500}" cy="${floor - 8 - 214}" r="34" fill="${PALETTE.ink}"/><path d="M 478 ${floor - 262} Q 500 ${floor - 300} 522 ${floor - 262}" fill="none" stroke="${PALETTE.ink}" stroke-width="12"/>` +
      `<rect x="760" y="${boxTop}" width="230" height="150" rx="14" fill="${PALETTE.ochre}"/><rect x="760" y="${boxTop}" width="230" height="26" rx="12" fill="${shade(PALETTE.ochre)}"/>` +
      figure(stepDown(840, boxTop), LOOKS.tom) +
      plant(1110, floor - 40, 0.9),
  );
}

function gait(): string {
  const floor = 660;
  const belt = floor - 70;
  return svg(
    1600,
    1067,
    1200,
    800,
    room(1200, 800, floor, { x: 760, width: 320 }) +
      // The treadmill: base, belt, upright and handrail.
      `<rect x="360" y="${belt}" width="560" height="64" rx="28" fill="${PALETTE.ink}"/>` +
      `<rect x="380" y="${belt + 8}" width="520" height="14" rx="7" fill="#4a403a"/>` +
      line([[880, belt], [840, belt - 330], [760, belt - 330]], "#4a403a", 18) +
      figure(runningStride(600, belt + 6), LOOKS.runnerA) +
      // What the coach looks at: the knee's path, traced.
      `<circle cx="686" cy="${belt - 134}" r="62" fill="none" stroke="${PALETTE.terracotta}" stroke-width="8" stroke-dasharray="18 14"/>` +
      // The camera on its tripod.
      line([[180, floor], [230, floor - 210], [280, floor]], "#4a403a", 12) +
      line([[230, floor - 210], [230, floor - 4]], "#4a403a", 10) +
      `<rect x="172" y="${floor - 270}" width="116" height="72" rx="14" fill="${PALETTE.green}"/>` +
      `<circle cx="300" cy="${floor - 234}" r="24" fill="${PALETTE.ink}"/><circle cx="300" cy="${floor - 234}" r="10" fill="${PALETTE.sky}"/>` +
      `<circle cx="196" cy="${floor - 252}" r="7" fill="${PALETTE.terracotta}"/>`,
  );
}

function personalMobility(): string {
  const floor = 660;
  return svg(
    1600,
    1067,
    1200,
    800,
    room(1200, 800, floor, { x: 120, width: 300 }) +
      mat(160, floor - 8, 640, PALETTE.terracotta) +
      figure(lyingFigureFour(560, floor - 8), LOOKS.runnerB) +
      figure(kneelingCoach(940, floor - 8), LOOKS.maya) +
      plant(1110, floor - 40, 0.95),
  );
}

function portrait(look: Look, background: string, accent: string): string {
  const hairBack =
    look.hairStyle === "bun"
      ? `<circle cx="300" cy="150" r="52" fill="${look.hair}"/>`
      : look.hairStyle === "curls"
        ? [250, 300, 350].map((x) => `<circle cx="${x}" cy="170" r="44" fill="${look.hair}"/>`).join("")
        : "";
  return svg(
    960,
    960,
    600,
    600,
    [
      `<rect width="600" height="600" fill="${background}"/>`,
      `<circle cx="470" cy="130" r="90" fill="${accent}" opacity="0.7"/>`,
      `<circle cx="110" cy="470" r="130" fill="${PALETTE.cream}" opacity="0.5"/>`,
      hairBack,
      `<path d="M 110 600 C 120 470 190 420 300 420 C 410 420 480 470 490 600 Z" fill="${look.top}"/>`,
      `<rect x="268" y="330" width="64" height="100" rx="28" fill="${shade(look.skin, 0.9)}"/>`,
      `<path d="M 250 420 Q 300 470 350 420" fill="none" stroke="${shade(look.top, 0.75)}" stroke-width="10" stroke-linecap="round"/>`,
      `<ellipse cx="300" cy="270" rx="98" ry="112" fill="${look.skin}"/>`,
      `<ellipse cx="203" cy="282" rx="16" ry="24" fill="${shade(look.skin, 0.92)}"/><ellipse cx="397" cy="282" rx="16" ry="24" fill="${shade(look.skin, 0.92)}"/>`,
      look.hairStyle === "short"
        ? `<path d="M 200 250 C 196 170 250 148 300 148 C 360 148 408 176 402 252 C 380 214 340 200 300 204 C 256 206 222 220 200 250 Z" fill="${look.hair}"/>`
        : `<path d="M 198 268 C 190 170 250 150 300 150 C 362 150 412 178 402 270 C 392 222 356 196 300 194 C 250 196 212 220 198 268 Z" fill="${look.hair}"/>`,
      `<circle cx="262" cy="276" r="9" fill="${PALETTE.ink}"/><circle cx="338" cy="276" r="9" fill="${PALETTE.ink}"/>`,
      `<path d="M 240 250 Q 262 238 282 248" fill="none" stroke="${look.hair}" stroke-width="7" stroke-linecap="round"/><path d="M 318 248 Q 338 238 360 250" fill="none" stroke="${look.hair}" stroke-width="7" stroke-linecap="round"/>`,
      `<path d="M 264 328 Q 300 356 336 328" fill="none" stroke="${shade(look.skin, 0.6)}" stroke-width="8" stroke-linecap="round"/>`,
      `<circle cx="238" cy="318" r="16" fill="${PALETTE.terracotta}" opacity="0.18"/><circle cx="362" cy="318" r="16" fill="${PALETTE.terracotta}" opacity="0.18"/>`,
    ].join(""),
  );
}

function hero(): string {
  const floor = 720;
  return svg(
    1600,
    1200,
    1200,
    900,
    room(1200, 900, floor, { x: 330, width: 460 }) +
      plant(120, floor - 40, 1.25) +
      plant(1090, floor - 40, 1) +
      mat(190, floor - 8, 430, PALETTE.terracotta) +
      mat(700, floor - 8, 360, PALETTE.green) +
      figure(kneelingHipStretch(420, floor - 8), LOOKS.runnerB) +
      figure(standingDemo(870, floor - 8), LOOKS.maya),
  );
}

/** What each demo picture is, and its alt text. */
export type DemoIllustration = { svg: string; alt: string };

export const demoOfferingIllustrations: Record<string, DemoIllustration> = {
  "hip-and-ankle-mobility-for-runners": {
    svg: hipsAndAnkles(),
    alt: "Drawing: a runner in a kneeling hip-flexor stretch on a mat, arms raised, beside a coach rocking her knee over her toes to free the ankle.",
  },
  "post-run-knee-reset": {
    svg: kneeReset(),
    alt: "Drawing: a runner on a path at sunrise holding one foot behind them in a standing quad stretch.",
  },
  "strength-for-runners": {
    svg: strength(),
    alt: "Drawing: one runner in a goblet squat holding a kettlebell, another stepping slowly down from a box.",
  },
  "running-gait-assessment": {
    svg: gait(),
    alt: "Drawing: a runner mid-stride on a treadmill, filmed by a camera on a tripod, the path of the knee traced in a dotted circle.",
  },
  "personal-mobility-session": {
    svg: personalMobility(),
    alt: "Drawing: a runner lying on a mat in a figure-four glute stretch while a kneeling coach guides the movement.",
  },
};

export const demoInstructorIllustrations: Record<string, DemoIllustration> = {
  "Maya Okafor": {
    svg: portrait(LOOKS.maya, PALETTE.mint, PALETTE.apricot),
    alt: "Drawing of Maya Okafor, smiling, her hair in a bun, in a green studio top.",
  },
  "Tom Reyes": {
    svg: portrait(LOOKS.tom, PALETTE.apricot, PALETTE.sage),
    alt: "Drawing of Tom Reyes, smiling, with short brown hair, in a terracotta studio top.",
  },
};

export const demoHeroIllustration: DemoIllustration = {
  svg: hero(),
  alt: "Drawing of the studio: a runner stretching on a mat under a tall arched window while a coach shows the next movement.",
};
