/*
 * Reading a database refusal, whichever driver raised it (postgres.js or PGlite, wrapped by
 * Drizzle or not): the constraint it names, so a use case can turn the database's own rule into
 * words beside the right field.
 */

type DriverError = { cause?: unknown; code?: string; constraint_name?: string; constraint?: string };

/** The constraint a database error names, or undefined. */
export function constraintOf(error: unknown): string | undefined {
  for (let current = error as DriverError | undefined; current; current = current.cause as DriverError | undefined) {
    if (current.constraint_name || current.constraint) return current.constraint_name ?? current.constraint;
  }
  return undefined;
}

/** True when the database refused the change because of this named constraint. */
export function violates(error: unknown, constraint: string): boolean {
  return constraintOf(error) === constraint;
}
