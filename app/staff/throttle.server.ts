import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Database } from "../../db/client";
import { loginThrottle } from "../../db/schema";

/**
 * Sign-in throttling, counted in PostgreSQL so every app process counts together
 * (rate-limiter-flexible's Drizzle store; decision record 002):
 *   - 5 failures for one account from one address in 15 minutes block that pair for 15 minutes;
 *   - 50 failures from one address in an hour block the address for an hour.
 * A success clears the pair. The pair's key uses the email as typed (lower-cased) whether or not
 * an account has it, so the answer never reveals which emails exist.
 */
export type LoginThrottle = {
  /** Seconds until this email may be tried again from this address, or 0. */
  blockedFor(email: string, address: string): Promise<number>;
  failed(email: string, address: string): Promise<void>;
  succeeded(email: string, address: string): Promise<void>;
};

export const PAIR_LIMIT = { points: 5, duration: 15 * 60, blockDuration: 15 * 60 } as const;
export const ADDRESS_LIMIT = { points: 50, duration: 60 * 60, blockDuration: 60 * 60 } as const;

export function loginThrottleFor(db: Database): LoginThrottle {
  const byPair = new RateLimiterDrizzle({ storeClient: db, schema: loginThrottle, keyPrefix: "signin-pair", ...PAIR_LIMIT });
  const byAddress = new RateLimiterDrizzle({ storeClient: db, schema: loginThrottle, keyPrefix: "signin-address", ...ADDRESS_LIMIT });
  const pairKey = (email: string, address: string) => `${email.trim().toLowerCase()}|${address}`;
  const secondsLeft = (res: RateLimiterRes | null, limit: { points: number }) =>
    res && res.consumedPoints >= limit.points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  /** Counts one failure; the one that reaches the limit starts the block, for its full duration from now. */
  async function fail(limiter: RateLimiterDrizzle, key: string, limit: { points: number; blockDuration: number }) {
    const res = await limiter.consume(key).catch((blocked: unknown) => (blocked instanceof RateLimiterRes ? blocked : Promise.reject(blocked)));
    if (res.consumedPoints === limit.points) await limiter.block(key, limit.blockDuration);
  }
  return {
    async blockedFor(email, address) {
      const [pair, from] = await Promise.all([byPair.get(pairKey(email, address)), byAddress.get(address)]);
      return Math.max(secondsLeft(pair, PAIR_LIMIT), secondsLeft(from, ADDRESS_LIMIT));
    },
    async failed(email, address) {
      await Promise.all([fail(byPair, pairKey(email, address), PAIR_LIMIT), fail(byAddress, address, ADDRESS_LIMIT)]);
    },
    async succeeded(email, address) {
      await byPair.delete(pairKey(email, address));
    },
  };
}
