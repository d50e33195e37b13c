import type { PainLocation } from "../../db/intake";
import type { Block } from "./blocks";

export type ReadingSection = {
  id: string;
  title: string;
  summary: string;
  /** One line that makes you want to read the section: the confirmation lists the other sections by it. */
  teaser: string;
  blocks: Block[];
};

export const kneeReading: {
  title: string;
  description: string;
  intro: Block[];
  sections: ReadingSection[];
  disclaimer: string;
  checklist: string[];
} = {
  title: "Why your knee aches after running, and what actually helps",
  description:
    "Why knees ache after a run, the most common causes and what helps: a short, practical read before your session at Pain Free Me Studio.",
  intro: [
    {
      type: "p",
      text: "A knee that grumbles after a run is frustrating, but it rarely means you have \u201cbad knees\u201d. Far more often it's a sign that something in how you move, how strong you are or how you recover needs a little attention, and that is very workable.",
    },
    {
      type: "p",
      text: "Have a read before your session. You don't need to remember any of it: it simply gives us a shared starting point, so we can spend our time together on you.",
    },
  ],
  sections: [
    {
      id: "overview",
      title: "Your knee is the messenger",
      teaser: "Why the knee so often carries load meant for the hip and ankle, and where we start instead.",
      summary:
        "The knee sits between your hip and your ankle and takes on whatever load they don't handle well. That's why we look at hips, ankles and core, not just the knee.",
      blocks: [
        {
          type: "p",
          text: "Think of your knee as the middle link in a chain, with the hip above and the ankle below. When either end isn't moving as well as it could, the knee quietly picks up the extra work, and after enough runs it lets you know.",
        },
        {
          type: "list",
          items: [
            "Tight hips can change the path your knee follows as it bends and straightens.",
            "Weak glutes leave the leg less steady at the moment your foot meets the ground.",
            "Stiff ankles alter your stride and how well your leg soaks up each landing.",
          ],
        },
        {
          type: "p",
          text: "Every running stride puts roughly three to five times your body weight through the knee. Across thousands of strides, a small quirk in how you move soon adds up to irritation and overuse pain. The good news is that small improvements add up in the same way.",
        },
        {
          type: "p",
          text: "So in the studio we spend most of our time above and below the knee:",
        },
        {
          type: "list",
          items: [
            "Hips: freeing up the hip flexors and building glute strength.",
            "Ankles: getting back the ability to bend the ankle so the shin travels forward over the foot (dorsiflexion).",
            "Core: keeping the pelvis from twisting more than it should as you run.",
          ],
        },
      ],
    },
    {
      id: "front",
      title: "An ache at the front of the knee (runner's knee)",
      teaser: "An ache around or behind the kneecap, worse downhill and on stairs: why it happens and what helps.",
      summary:
        "Runner's knee (patellofemoral pain) aches around or behind the kneecap, often on long runs, downhills and stairs. Stronger glutes and quads and better hip mobility usually help.",
      blocks: [
        {
          type: "p",
          text: "Where you feel it: at the front of the knee, around the kneecap or somewhere behind it. Many runners notice it most on longer runs, on the way downhill, or on the stairs afterwards. Its proper name is patellofemoral pain syndrome.",
        },
        {
          type: "p",
          text: "Why it happens: your kneecap glides in a groove as the knee bends. When the muscles around the hip and the front of the thigh aren't pulling their weight, the kneecap doesn't track as smoothly as it should, and the area gets irritated.",
        },
        { type: "p", text: "What helps:" },
        {
          type: "list",
          items: [
            "Building strength in your glutes and quads, so the kneecap is better supported.",
            "Improving how freely your hips move, so the knee isn't pulled off its usual path.",
          ],
        },
      ],
    },
    {
      id: "outer",
      title: "Pain on the outside of the knee (IT band friction)",
      teaser: "Pain on the outer side that builds as you run, and why hard foam-rolling isn't the answer.",
      summary:
        "IT band friction shows up on the outer side of the knee and tends to build during a run. Freeing up the glutes and outer hip helps far more than hard foam-rolling of the band itself.",
      blocks: [
        {
          type: "p",
          text: "Where you feel it: on the outer side of the knee. It often starts fine and then gets steadily worse as the run goes on.",
        },
        {
          type: "p",
          text: "Why it happens: the iliotibial (IT) band runs down the outside of your thigh to the knee. Tight hips or a less efficient running form can make it rub and irritate the area near the knee.",
        },
        { type: "p", text: "What helps:" },
        {
          type: "list",
          items: [
            "Go easy on the foam roller: pressing hard on the band itself isn't the answer.",
            "Instead, free up the glutes and the outer hip with targeted mobility work.",
            "Working on your running form, so the band has less reason to rub.",
          ],
        },
      ],
    },
    {
      id: "tendon",
      title: "A dull ache just below or above the kneecap (tendon overload)",
      teaser: "A dull ache just below or above the kneecap, and the slow strength work that settles it.",
      summary:
        "A dull ache just below or above the kneecap often means a tendon has been asked to do more, faster than it could adapt. Slow, controlled strength work such as slow squats and step-downs helps.",
      blocks: [
        {
          type: "p",
          text: "Where you feel it: a dull ache either just below the kneecap, where the patellar tendon is, or just above it, where the quadriceps tendon is.",
        },
        {
          type: "p",
          text: "Why it happens: tendons need time, and strength work, to cope with extra load. A quick jump in distance or pace, without strength work alongside it, can ask more of the tendon than it's ready for.",
        },
        { type: "p", text: "What helps:" },
        {
          type: "list",
          items: [
            "Exercises where the muscle works as it lengthens under control (eccentric work), such as slow squats.",
            "Slow, steady step-downs from a low step.",
            "Building distance and speed back up gradually while the tendon catches up.",
          ],
        },
      ],
    },
    {
      id: "form",
      title: "Running form and your feet",
      teaser: "How your stride, your arches and tired shoes can pass extra load up to the knee.",
      summary:
        "Overstriding, collapsing arches and uneven loading can all pass extra stress up to the knee. A gait assessment and foot and ankle strength work help you spot and change them.",
      blocks: [
        {
          type: "p",
          text: "Sometimes the story starts at the ground. How your foot lands and how you carry your weight through each stride shape how much work your knee has to do.",
        },
        {
          type: "p",
          text: "Common patterns we look for:",
        },
        {
          type: "list",
          items: [
            "Overstriding: landing with your foot well out in front of you.",
            "Arches that collapse as you land.",
            "Loading one leg, or one side of the foot, more than the other.",
          ],
        },
        {
          type: "p",
          text: "These usually come from weak muscles that steady the foot, shoes that have worn out, or habits in your running pattern. None of them are permanent. A gait assessment shows what's happening, and strength work for the feet and ankles helps change it.",
        },
      ],
    },
    {
      id: "rest",
      title: "Why rest on its own doesn't fix it",
      teaser: "Why the ache tends to return after a break, and what your knees need instead.",
      summary:
        "Rest settles things down for a while, but it doesn't change what caused the pain, so it tends to come back when you start running again. Your knees need better movement, not endless rest.",
      blocks: [
        {
          type: "p",
          text: "Taking a break from running can calm an irritated knee, and that can feel like the problem has gone. But rest doesn't change the way you move, so once training picks up again the same load lands in the same place, and the ache often returns.",
        },
        {
          type: "p",
          text: "What knees respond to is better input: more mobility where you're stiff, more strength where you're weak, and a sensible way back to your usual running. That's what we work on together.",
        },
      ],
    },
    {
      id: "reset",
      title: "A 5-minute reset after your run",
      teaser: "Four gentle moves for the five minutes after every run.",
      summary:
        "A short routine after each run: gentle quad and hip-flexor stretches, some glute and hamstring activation, and light knee mobility drills. About five minutes in all.",
      blocks: [
        {
          type: "p",
          text: "This takes about five minutes and fits straight onto the end of a run. Keep every movement gentle and comfortable; it should feel like a cool-down, not a workout.",
        },
        {
          type: "steps",
          items: [
            {
              title: "Stretch the front of the thigh",
              detail:
                "Ease into a gentle quad stretch on each leg. Breathe slowly and let the muscle relax rather than pulling hard.",
              picture: {
                drawing: "quad-stretch",
                alt: "Drawing: a runner stands on one leg with a hand on a wall, easing the other foot up behind towards the seat.",
              },
            },
            {
              title: "Open up the hip flexors",
              detail:
                "Stretch the front of each hip gently. After a run these are often tighter than you'd expect.",
              picture: {
                drawing: "hip-flexor-stretch",
                alt: "Drawing: a half-kneeling lunge, the back knee on a pad and the hands on the hips, easing the hips forward.",
              },
            },
            {
              title: "Wake up the hamstrings and glutes",
              detail:
                "Use easy, flowing movements rather than long holds, so the muscles at the back of your legs and hips switch on.",
              picture: {
                drawing: "glute-bridge",
                alt: "Drawing: lying on the back with knees bent and feet flat, the hips rolling up into a bridge and down again.",
              },
            },
            {
              title: "Light knee mobility",
              detail:
                "Finish with a few light knee drills that help the kneecap track smoothly. Slow and controlled is the aim.",
              picture: {
                drawing: "knee-bends",
                alt: "Drawing: standing with the arms forward for balance, bending the knees a little and straightening them, slowly.",
              },
            },
          ],
        },
        {
          type: "p",
          text: "We'll go through each step with you in the studio, so don't worry about getting it perfect from a description.",
        },
      ],
    },
    {
      id: "prevention",
      title: "Keeping the ache away",
      teaser: "Warm-ups, strength work, gradual build-ups and fresh shoes: small habits that add up.",
      summary:
        "Warm up with movement, add strength and mobility work 2 to 3 times a week, build distance and speed gradually, replace shoes every 500 to 800 km, and know the difference between soreness and pain.",
      blocks: [
        {
          type: "p",
          text: "A few habits do most of the work of keeping knees happy:",
        },
        {
          type: "list",
          items: [
            "Warm up with movement before you run, rather than heading straight out of the door.",
            "Fit in strength and mobility work two or three times a week alongside your running.",
            "Increase your distance or your pace gradually, not both at once in a sudden jump.",
            "Replace your running shoes roughly every 500 to 800 km.",
            "Listen to what your knee is telling you: mild soreness is normal, but sharp pain, or pain that doesn't settle, is a signal to ease off and get it looked at.",
          ],
        },
      ],
    },
    {
      id: "clinician",
      title: "When to see a clinician first",
      teaser: "The signs that mean a clinician should see your knee before we do.",
      summary:
        "If you have sharp pain, swelling, a knee that locks or gives way, or pain after a fall, please see a GP or physiotherapist before your session.",
      blocks: [
        {
          type: "p",
          text: "Our sessions are about movement and education, not diagnosis. Most post-run aches are a good fit for that, but a few signs deserve a proper check by a clinician, such as your GP or a physiotherapist, before you come to us:",
        },
        {
          type: "list",
          items: [
            "Sharp pain in or around the knee.",
            "Swelling.",
            "The knee locking, so it gets stuck bent or straight.",
            "The knee giving way under you.",
            "Pain that started after a fall.",
          ],
        },
        {
          type: "p",
          text: "This isn't meant to worry you. It's simply the sensible order of things. Once you've been checked, we'd love to see you, and please tell your instructor what you were told.",
        },
      ],
    },
  ],
  disclaimer:
    "This reading is general education, not a diagnosis. If you have sharp pain, swelling, a knee that locks or gives way, or pain that started after a fall, please see a clinician such as your GP or a physiotherapist before your session.",
  checklist: [
    "Jot down where your knee aches, when it starts and what makes it better or worse.",
    "Check how far your running shoes have gone: once they've done around 500 to 800 km, it's time for a new pair.",
    "Try the 5-minute reset after your next run and notice how your knee feels.",
    "Hold off on adding distance or speed until after your session.",
    "If you notice swelling, locking, the knee giving way or sharp pain, see a clinician first and let us know.",
  ],
};

const SECTION_ID_BY_LOCATION: Record<PainLocation, string> = {
  front: "front",
  outer: "outer",
  tendon: "tendon",
  unsure: "overview",
};

/** The section for where it hurts; the guide's start when the answer isn't known (or was erased). */
export function sectionIdForLocation(location: PainLocation | null): string {
  return location ? SECTION_ID_BY_LOCATION[location] : "overview";
}

/** The pain location a cause's section is about (front, outer, tendon); null for every other section. */
export function locationForCauseSection(sectionId: string): Exclude<PainLocation, "unsure"> | null {
  const causes = ["front", "outer", "tendon"] as const;
  return causes.find((location) => SECTION_ID_BY_LOCATION[location] === sectionId) ?? null;
}

export function sectionsForLocation(location: PainLocation | null): ReadingSection[] {
  const firstId = sectionIdForLocation(location);
  const first = kneeReading.sections.filter((section) => section.id === firstId);
  const rest = kneeReading.sections.filter((section) => section.id !== firstId);
  return [...first, ...rest];
}
