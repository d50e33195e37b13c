/** A drawing of one movement of the reset routine (app/components/routine-illustrations.tsx), and what it shows. */
export type RoutinePicture = {
  drawing: "quad-stretch" | "hip-flexor-stretch" | "glute-bridge" | "knee-bends";
  /** The drawing in words, for people who can't see it. */
  alt: string;
};

export type Block =
  | { type: "p"; text: string }
  | { type: "list"; items: string[] }
  | { type: "steps"; items: { title: string; detail: string; picture?: RoutinePicture }[] };
