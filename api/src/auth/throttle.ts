// Slows password guessing and scripted sign-ups. Counted in Redis, so every api process shares
// the counts. Failures are what is limited, not logins: a jam night puts a whole room behind
// one address, and a hundred people logging in at once must not lock each other out.
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { ApiError } from "../errors.ts";

const WINDOW_S = 15 * 60;
/** Failed logins for one account from one address per window; a success clears them. */
export const ACCOUNT_FAILURES = 10;
/** Failed logins from one address per window, whatever the account (stuffing lists of accounts). */
export const ADDRESS_FAILURES = 100;

function minutes(ms: number): string {
  const m = Math.max(1, Math.ceil(ms / 60_000));
  return m === 1 ? "a minute" : `${m} minutes`;
}

function refuse(what: string, msBeforeNext: number): never {
  throw new ApiError({
    code: "too_many_requests",
    message: `${what}; try again in ${minutes(msBeforeNext)}`,
    retryAfterS: Math.ceil(msBeforeNext / 1000),
  });
}

export class AuthThrottle {
  readonly #accountFailures: RateLimiterRedis;
  readonly #addressFailures: RateLimiterRedis;
  readonly #signups: RateLimiterRedis;

  constructor(redis: Redis, prefix: string, signupsPerHour: number) {
    const limiter = (name: string, points: number, duration: number) =>
      new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:throttle:${name}`, points, duration });
    this.#accountFailures = limiter("login-account", ACCOUNT_FAILURES, WINDOW_S);
    this.#addressFailures = limiter("login-address", ADDRESS_FAILURES, WINDOW_S);
    this.#signups = limiter("signup", signupsPerHour, 3600);
  }

  /**
   * Before a password is checked: records the attempt as a failure first, then refuses if that
   * puts the account (on this address) or the address past its limit. Recording and checking are
   * one atomic Redis operation, so a burst of parallel guesses cannot all pass a check that none
   * of them has counted yet. A success gives the attempt back (loginSucceeded).
   */
  async attemptLogin(username: string, address: string): Promise<void> {
    const [account, all] = await Promise.all([
      spend(this.#accountFailures, accountKey(username, address)),
      spend(this.#addressFailures, address),
    ]);
    if (account.consumedPoints > ACCOUNT_FAILURES) {
      refuse(`too many failed logins for ${username} from your address`, account.msBeforeNext);
    }
    if (all.consumedPoints > ADDRESS_FAILURES) refuse("too many failed logins from your address", all.msBeforeNext);
  }

  /** The password was right: the account's failures are forgotten, and this attempt not counted. */
  async loginSucceeded(username: string, address: string): Promise<void> {
    await Promise.all([
      this.#accountFailures.delete(accountKey(username, address)),
      this.#addressFailures.reward(address, 1),
    ]);
  }

  /** Counts a sign-up from this address; refuses past the hourly limit. */
  async signup(address: string): Promise<void> {
    try {
      await this.#signups.consume(address);
    } catch (err) {
      if (err instanceof RateLimiterRes) refuse("too many sign-ups from your address", err.msBeforeNext);
      throw err;
    }
  }
}

const accountKey = (username: string, address: string) => `${username.toLowerCase()}|${address}`;

/** Counts one attempt (one atomic increment in Redis) and returns the count after it. */
async function spend(limiter: RateLimiterRedis, key: string): Promise<RateLimiterRes> {
  return limiter.consume(key).catch((err: unknown) => {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  });
}
