const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed UUID: anything else can't be one of our ids (and would make Postgres throw). */
export const isUuid = (value: unknown): value is string => typeof value === "string" && UUID.test(value);
