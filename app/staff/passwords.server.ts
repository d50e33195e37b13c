import { hash, verify } from "@node-rs/argon2";
import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * Staff passwords: argon2id at OWASP's first recommended setting (19 MiB of memory, 2 passes,
 * 1 lane), at least 12 characters, and a zxcvbn score of 3 or more with its common dictionary
 * (plus English words and feedback).
 */
/** `algorithm: 2` is Algorithm.Argon2id (a const enum the build can't import); the hashes say `$argon2id$`. */
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
export const MIN_PASSWORD_LENGTH = 12;
export const MIN_PASSWORD_SCORE = 3;

// Its word lists and ranked dictionaries take tens of MB and a third of a second to build: they
// are loaded only once a password is first checked (setting one), not in every app process at start.
let factory: Promise<ZxcvbnFactory> | undefined;
const zxcvbn = () =>
  (factory ??= Promise.all([import("@zxcvbn-ts/core"), import("@zxcvbn-ts/language-common"), import("@zxcvbn-ts/language-en")]).then(
    ([{ ZxcvbnFactory }, common, english]) =>
      new ZxcvbnFactory({
        translations: english.translations,
        graphs: common.adjacencyGraphs,
        dictionary: { ...common.dictionary, ...english.dictionary },
      }),
  ));

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed hash opens nothing
  }
}

/**
 * Checked against when the email matches no account, so a wrong email costs the same time as a
 * wrong password and the answer can't tell which one it was.
 */
let dummyHash: Promise<string> | undefined;
export function verifyAgainstNothing(password: string): Promise<boolean> {
  dummyHash ??= hash("no account has this password, it only takes the same time", ARGON2_OPTIONS);
  return dummyHash.then((stored) => verifyPassword(stored, password)).then(() => false);
}

/** Why a new password is refused, in words for the person choosing it; null when it is strong enough. */
export async function passwordProblem(password: string, userInputs: string[] = []): Promise<string | null> {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters. A few unrelated words make a strong, memorable password.`;
  }
  if (password.length > 256) return "That password is too long: 256 characters at most.";
  const result = (await zxcvbn()).check(password, userInputs);
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const hint = result.feedback.warning || result.feedback.suggestions[0];
  return `That password is too easy to guess.${hint ? ` ${hint}` : ""} Try a few unrelated words.`;
}
