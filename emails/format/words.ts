/** "1 place", "3 places", "2 no-shows": a count with its noun, singular or plural. */
export const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
