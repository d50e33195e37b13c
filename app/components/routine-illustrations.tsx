import type { ReactNode } from "react";
import type { RoutinePicture } from "../../emails/content/blocks";

/*
 * Line drawings of the 5-minute post-run reset, one per movement. Drawn in currentColor with
 * round strokes, so they take the text colour around them (dark mode, black on white in print);
 * the dashed arrows show which way the movement goes.
 *
 * Figures share proportions (thigh and shin 34, torso 36, arms 24 + 24) on a 200 × 150 canvas
 * with the floor at y = 140.
 */

const LIMB = { fill: "none", stroke: "currentColor", strokeWidth: 8, strokeLinecap: "round", strokeLinejoin: "round" } as const;
const MOTION = {
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2.25,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  strokeDasharray: "5 5",
  opacity: 0.75,
} as const;
const ARROWHEAD = { fill: "none", stroke: "currentColor", strokeWidth: 2.25, strokeLinecap: "round", strokeLinejoin: "round", opacity: 0.75 } as const;

/** The floor, and a soft disc behind the figure: a faint tint of the line colour, so it prints light. */
function Floor({ glowX = 100 }: { glowX?: number }) {
  return (
    <>
      <circle cx={glowX} cy={88} r={58} fill="currentColor" opacity={0.07} />
      <path d="M24 142 H176" stroke="currentColor" strokeWidth={2} strokeLinecap="round" opacity={0.35} />
    </>
  );
}

function Head({ x, y }: { x: number; y: number }) {
  return <circle cx={x} cy={y} r={9.5} fill="currentColor" />;
}

/** A stretch: standing on one leg, one hand on a wall, the other easing the foot towards the seat. */
function QuadStretch() {
  return (
    <>
      <Floor />
      <path d="M150 24 V142" stroke="currentColor" strokeWidth={3} strokeLinecap="round" opacity={0.35} />
      <Head x={100} y={20} />
      <path {...LIMB} d="M100 36 V70" />
      <path {...LIMB} d="M100 70 L101 104 L100 138 H112" />
      <path {...LIMB} d="M100 70 L96 104 L75 80" />
      <path {...LIMB} d="M100 40 L87 60 L76 80" />
      <path {...LIMB} d="M100 40 L124 46 L146 42" />
      <path {...MOTION} d="M62 104 C52 96 52 84 60 74" />
      <path {...ARROWHEAD} d="M55 77 L60 73 L63 80" />
    </>
  );
}

/** A half-kneeling lunge: the back knee on a pad, hips easing forward to open the front of the hip. */
function HipFlexorStretch() {
  return (
    <>
      <Floor glowX={84} />
      <rect x={54} y={136} width={26} height={6} rx={3} fill="currentColor" opacity={0.3} />
      <Head x={83} y={53} />
      <path {...LIMB} d="M82 69 L80 105" />
      <path {...LIMB} d="M80 105 L67 136 L38 138" />
      <path {...LIMB} d="M80 105 L114 104 L116 138 H128" />
      <path {...LIMB} d="M82 73 L95 88 L86 102" />
      <path {...MOTION} d="M70 120 C80 126 94 126 104 120" />
      <path {...ARROWHEAD} d="M98 118 L104 120 L100 126" />
    </>
  );
}

/** A glute bridge: lying on the back, knees bent, hips rolling up and down in an easy rhythm. */
function GluteBridge() {
  return (
    <>
      <Floor glowX={86} />
      <Head x={36} y={132} />
      <path {...LIMB} d="M50 134 L84 117" />
      <path {...LIMB} d="M84 117 L114 102 L118 136 H130" />
      <path {...LIMB} d="M50 134 L92 138" />
      <path {...MOTION} d="M84 106 V80" />
      <path {...ARROWHEAD} d="M78 86 L84 79 L90 86" />
      <path {...ARROWHEAD} d="M78 100 L84 107 L90 100" />
    </>
  );
}

/** Small knee bends: soft, controlled mini squats with the arms forward for balance. */
function KneeBends() {
  return (
    <>
      <Floor />
      <Head x={106} y={36} />
      <path {...LIMB} d="M88 83 L101 51" />
      <path {...LIMB} d="M88 83 L113 106 L100 138 H113" />
      <path {...LIMB} d="M101 54 L122 60 L145 58" />
      <path {...MOTION} d="M66 70 V100" />
      <path {...ARROWHEAD} d="M60 76 L66 69 L72 76" />
      <path {...ARROWHEAD} d="M60 94 L66 101 L72 94" />
    </>
  );
}

const DRAWINGS: Record<RoutinePicture["drawing"], () => ReactNode> = {
  "quad-stretch": QuadStretch,
  "hip-flexor-stretch": HipFlexorStretch,
  "glute-bridge": GluteBridge,
  "knee-bends": KneeBends,
};

/** One movement's drawing, with its description for people who can't see it. */
export function RoutineIllustration({ picture }: { picture: RoutinePicture }) {
  const Drawing = DRAWINGS[picture.drawing];
  return (
    <svg className="routine-art" viewBox="0 0 200 150" role="img" aria-label={picture.alt}>
      <Drawing />
    </svg>
  );
}
