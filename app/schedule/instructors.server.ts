import { asc, eq } from "drizzle-orm";
import type { Database } from "../../db/client";
import { instructors, type Instructor } from "../../db/schema";
import { violates } from "../utils/db-errors";
import { auditDiff, recordAudit } from "../staff/audit.server";
import type { InstructorInput } from "./forms";
import { done, refuse, type Outcome, type ScheduleActor } from "./outcome";

/** Every instructor, by name: the console lists them and its date forms offer them. */
export async function listInstructors(db: Database): Promise<Instructor[]> {
  return db.select().from(instructors).orderBy(asc(instructors.name));
}

export async function getInstructor(db: Database, id: string): Promise<Instructor | null> {
  const [row] = await db.select().from(instructors).where(eq(instructors.id, id));
  return row ?? null;
}

const FIELDS = ["name", "bio", "email"] as const;
const values = (input: InstructorInput) => ({ name: input.name, bio: input.bio ?? "", email: input.email?.toLowerCase() ?? null });
const nameTaken = (name: string) => refuse(`There's already an instructor called ${name}.`, "name", 409);

/** Adds an instructor (names are unique, without regard to case). */
export async function createInstructor(
  db: Database,
  { actor, input, now }: { actor: ScheduleActor; input: InstructorInput; now: Date },
): Promise<Outcome<Instructor>> {
  try {
    return done(
      await db.transaction(async (tx) => {
        const [row] = await tx.insert(instructors).values({ ...values(input), createdAt: now, updatedAt: now }).returning();
        await recordAudit(tx, { actor, action: "instructor.created", recordType: "instructor", recordId: row!.id, changes: auditDiff(null, row!, FIELDS), now });
        return row!;
      }),
    );
  } catch (error) {
    if (violates(error, "instructors_name_key")) return nameTaken(input.name);
    throw error;
  }
}

/** Changes an instructor's name, bio or email; their dates keep pointing at them. */
export async function updateInstructor(
  db: Database,
  { actor, id, input, now }: { actor: ScheduleActor; id: string; input: InstructorInput; now: Date },
): Promise<Outcome<Instructor>> {
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx.select().from(instructors).where(eq(instructors.id, id)).for("update");
      if (!before) return refuse("That instructor doesn't exist any more.", null, 404);
      const [row] = await tx.update(instructors).set({ ...values(input), updatedAt: now }).where(eq(instructors.id, id)).returning();
      const changes = auditDiff(before, row!, FIELDS);
      await recordAudit(tx, { actor, action: "instructor.updated", recordType: "instructor", recordId: id, changes, now });
      return done(row!);
    });
  } catch (error) {
    if (violates(error, "instructors_name_key")) return nameTaken(input.name);
    throw error;
  }
}

/** A refusal beside `field` when the chosen instructor doesn't exist (removed meanwhile); null when fine. */
export async function instructorMissing(db: Database, instructorId: string | null | undefined, field: string) {
  if (!instructorId) return null;
  const [row] = await db.select({ id: instructors.id }).from(instructors).where(eq(instructors.id, instructorId));
  return row ? null : refuse("That instructor doesn't exist any more. Please choose another.", field);
}
