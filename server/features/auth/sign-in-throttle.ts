// Back-off and lockout after failed password checks (signing in, or giving the current password to
// change it). Pure: it sees the recent attempts and the time, and says until when a new try is
// refused.
//
// The policy (OWASP-style) slows whoever fails, not the account's owner:
// - per username and address: from 3 failures each further try waits 5 s, 10 s, 20 s…, and 5 lock
//   that address out of that account for the window. This slows the guesser.
// - per address, whatever the usernames: 20 failures lock the address (a password spray stops).
// - per username, from all addresses (a distributed guess): 10 failures lock the account, but only
//   from addresses where it has not signed in successfully in the last 30 days, so the owner at a
//   usual address still gets in while strangers wait.
// A failure stops counting when the same username later succeeds from the same address (a typo,
// then the right password): a success elsewhere ends nothing and no success erases the record.
// Every attempt counts as a failure from the moment it is recorded, before its password is checked,
// so guesses sent in parallel cannot outrun the count.

export const THROTTLE = {
  /** Failures older than this are forgotten. */
  windowMs: 15 * 60_000,
  /** From this many failures of one username from one address, each further try waits: 5 s, 10 s, 20 s… */
  pairBackoffFrom: 3,
  backoffBaseMs: 5_000,
  /** This many lock the username at that address for the whole window. */
  pairLockAt: 5,
  /** This many failures from one address, any usernames, lock that address for the whole window. */
  addressLockAt: 20,
  /** This many failures of one username, all addresses, lock it from addresses it is not known at. */
  usernameLockAt: 10,
  /** An address where the username signed in successfully this recently is known for it. */
  knownAddressMs: 30 * 24 * 3600_000,
} as const;

export interface Attempt {
  username: string;
  clientAddress: string;
  at: Date;
  /** False until the password proved right: an attempt still being checked is a failure. */
  succeeded: boolean;
}

export type AttemptKey = Pick<Attempt, 'username' | 'clientAddress'>;

const pairOf = (key: AttemptKey) => JSON.stringify([key.username, key.clientAddress]);

/** The failures of the window that no later success of the same username and address redeemed. */
function standingFailures(attempts: readonly Attempt[], now: Date): Attempt[] {
  const recent = attempts.filter((attempt) => now.getTime() - attempt.at.getTime() < THROTTLE.windowMs);
  const lastSuccess = new Map<string, number>();
  for (const [index, attempt] of recent.entries()) if (attempt.succeeded) lastSuccess.set(pairOf(attempt), index);
  return recent.filter((attempt, index) => !attempt.succeeded && index > (lastSuccess.get(pairOf(attempt)) ?? -1));
}

/** `failures` oldest first; the wait runs from the last one. */
function refusal(failures: readonly Attempt[], now: Date, lockAt: number, backoffFrom = lockAt): Date | null {
  const last = failures.at(-1);
  if (!last) return null;
  let wait = 0;
  if (failures.length >= lockAt) wait = THROTTLE.windowMs;
  else if (failures.length >= backoffFrom) wait = THROTTLE.backoffBaseMs * 2 ** (failures.length - backoffFrom);
  // Below every limit nothing waits, even when the last failure is stamped after `now`: an attempt
  // recorded by a request that started later (or on a server whose clock runs ahead) while this
  // one waited for the count's lock.
  if (wait === 0) return null;
  const until = new Date(last.at.getTime() + wait);
  return until > now ? until : null;
}

const pairRefusal = (failures: readonly Attempt[], now: Date) =>
  refusal(failures, now, THROTTLE.pairLockAt, THROTTLE.pairBackoffFrom);

function latest(dates: readonly (Date | null)[]): Date | null {
  return dates.reduce<Date | null>((found, date) => (date && (!found || date > found) ? date : found), null);
}

/**
 * Until when a new attempt for `key` is refused; null when it may go ahead. `attempts`: the recent
 * attempts of the key's username or from the key's address, oldest first. `knownAddress`: the
 * username signed in successfully from this address within `knownAddressMs`.
 */
export function attemptRefusedUntil(key: AttemptKey, attempts: readonly Attempt[], knownAddress: boolean, now: Date): Date | null {
  const standing = standingFailures(attempts, now);
  const ofUsername = standing.filter((failure) => failure.username === key.username);
  return latest([
    pairRefusal(ofUsername.filter((failure) => failure.clientAddress === key.clientAddress), now),
    refusal(standing.filter((failure) => failure.clientAddress === key.clientAddress), now, THROTTLE.addressLockAt),
    knownAddress ? null : refusal(ofUsername, now, THROTTLE.usernameLockAt),
  ]);
}

/**
 * Until when the account is refused from some address because of its own failures (locked or
 * backed off there, or the lock on the username that holds wherever it is not known); null if
 * nowhere. `attempts`: the recent attempts of that one username, oldest first.
 */
export function accountRefusedUntil(attempts: readonly Attempt[], now: Date): Date | null {
  const standing = standingFailures(attempts, now);
  const addresses = new Set(standing.map((failure) => failure.clientAddress));
  return latest([
    ...[...addresses].map((address) => pairRefusal(standing.filter((failure) => failure.clientAddress === address), now)),
    refusal(standing, now, THROTTLE.usernameLockAt),
  ]);
}
