import type { NewOffering, OfferingKind } from "./schema";

/** A weekly pattern in the studio's local time: ISO weekday (1 = Monday) and "HH:mm" starts. */
export type WeeklyPattern = { weekday: number; times: string[] }[];

export type DemoOffering = Omit<NewOffering, "currency" | "location" | "defaultInstructorId"> & {
  kind: OfferingKind;
  slug: string;
  schedule: WeeklyPattern;
  instructor: string;
  whatToBring: string[];
};

/** The demo studio's coaches. */
export const demoInstructors = [
  {
    name: "Maya Okafor",
    bio: "Physiotherapist and ultra runner: hips, ankles and the long game of staying injury-free.",
    email: "maya@painfreeme.example",
  },
  {
    name: "Tom Reyes",
    bio: "Strength coach and former 800 m runner who films more strides than he'd like to admit.",
    email: "tom@painfreeme.example",
  },
];

const CLOTHES = "Comfortable clothes you can move freely in: gym or running kit, nothing tight at the hips or knees.";
const WATER = "A bottle of water.";
const EARLY = "Please arrive 10 minutes early, so we can say hello and start calmly and on time.";
const SHOES = "The trainers or running shoes you usually run in: the pair you actually use.";

export const demoOfferings: DemoOffering[] = [
  {
    kind: "workshop",
    slug: "hip-and-ankle-mobility-for-runners",
    title: "Hips & Ankles: Mobility for Runners",
    summary: "Free up the two joints that decide how much load your knees take on every stride.",
    description:
      "Most sore knees are caught in the middle. In this small-group workshop we work on the joints either side: " +
      "hip flexors and glutes that steer the knee, and ankles that need to bend well to soak up each landing. " +
      "You'll learn a short set of mobility drills you can keep doing at home, with coaching on how each one should feel. " +
      "Suitable for every pace and distance; bring comfortable clothes you can move in.",
    durationMinutes: 90,
    priceMinor: 2800,
    defaultCapacity: 10,
    schedule: [{ weekday: 2, times: ["18:30"] }],
    instructor: "Maya Okafor",
    whatToBring: [CLOTHES, WATER, EARLY],
  },
  {
    kind: "workshop",
    slug: "post-run-knee-reset",
    title: "The Post-Run Knee Reset",
    summary: "A calm five-minute routine for after every run, learnt properly in one relaxed hour.",
    description:
      "What you do in the few minutes after a run shapes how your knees feel the next morning. " +
      "We'll practise a simple reset together: easy quad and hip-flexor stretches, waking up the hamstrings and glutes, " +
      "and gentle knee drills that help the kneecap track smoothly. You'll leave with a routine you can do on the pavement outside your front door.",
    durationMinutes: 60,
    priceMinor: 1800,
    defaultCapacity: 12,
    schedule: [{ weekday: 6, times: ["09:30"] }],
    instructor: "Maya Okafor",
    whatToBring: [CLOTHES, WATER, "A mat or towel if you have one (we have spares).", EARLY],
  },
  {
    kind: "workshop",
    slug: "strength-for-runners",
    title: "Strength for Runners",
    summary: "Glutes, quads and core: the strength that keeps your knees steady when the miles add up.",
    description:
      "Steady knees need strong support around them. This workshop builds the strength runners most often miss: " +
      "glutes for stability when your foot lands, quads and tendons that cope with hills and stairs, and a core that keeps your pelvis level. " +
      "Expect slow, controlled work such as step-downs and tempo squats, scaled to where you are today.",
    durationMinutes: 75,
    priceMinor: 2400,
    defaultCapacity: 8,
    schedule: [{ weekday: 4, times: ["19:00"] }],
    instructor: "Tom Reyes",
    whatToBring: [CLOTHES, WATER, SHOES, EARLY],
  },
  {
    kind: "private",
    slug: "running-gait-assessment",
    title: "Running Gait Assessment",
    summary: "One-on-one: we watch you run, find what's loading your knee, and plan what to change.",
    description:
      "Bring your running shoes. We'll film you running, look closely at your stride, foot strike and how your hips and ankles move, " +
      "and talk through what we see in plain words. You'll go home with two or three clear changes and the exercises that support them.",
    durationMinutes: 60,
    priceMinor: 6500,
    defaultCapacity: 1,
    schedule: [
      { weekday: 1, times: ["10:00", "14:00"] },
      { weekday: 3, times: ["10:00", "14:00"] },
      { weekday: 5, times: ["16:00"] },
    ],
    instructor: "Tom Reyes",
    whatToBring: [SHOES, "Shorts or leggings, so we can see your knees and ankles move.", WATER, EARLY],
  },
  {
    kind: "private",
    slug: "personal-mobility-session",
    title: "Personal Mobility Session",
    summary: "One-on-one time on your hips, ankles and core, shaped around your knee and your running.",
    description:
      "A session built around you: where your knee hurts, how much you run and what you're training for. " +
      "We'll check how your hips, ankles and core move, work through the drills that make the biggest difference for you, " +
      "and leave you with a short plan that fits around your week.",
    durationMinutes: 50,
    priceMinor: 5500,
    defaultCapacity: 1,
    schedule: [
      { weekday: 2, times: ["11:00", "13:00"] },
      { weekday: 4, times: ["11:00", "13:00"] },
      { weekday: 6, times: ["12:00"] },
    ],
    instructor: "Maya Okafor",
    whatToBring: [CLOTHES, WATER, EARLY],
  },
];
