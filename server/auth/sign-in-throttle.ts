// Back-off and lockout after failed sign-ins, per user and per client address. Pure: it sees
// the recent failures and the time, and says until when sign-in is refused.

export const THROTTLE = {
  /** Failures older than this are forgotten. */
  windowMs: 15 * 60_000,
  /** From this many failures on a user, each further try waits: 5 s, 10 s, 20 s… */
  userBackoffFrom: 3,
  backoffBaseMs: 5_000,
  /** This many failures lock the user for the whole window. */
  userLockAt: 5,
  /** This many failures from one address lock that address for the whole window. */
  addressLockAt: 20,
} as const;

/** `failures`: times of recent failed sign-ins, oldest first. Returns null when not throttled. */
function refusedUntil(failures: readonly Date[], now: Date, backoffFrom: number, lockAt: number): Date | null {
  const recent = failures.filter((at) => now.getTime() - at.getTime() < THROTTLE.windowMs);
  const last = recent.at(-1);
  if (!last) return null;
  let wait = 0;
  if (recent.length >= lockAt) wait = THROTTLE.windowMs;
  else if (recent.length >= backoffFrom) wait = THROTTLE.backoffBaseMs * 2 ** (recent.length - backoffFrom);
  const until = new Date(last.getTime() + wait);
  return until > now ? until : null;
}

export function signInRefusedUntil(
  userFailures: readonly Date[],
  addressFailures: readonly Date[],
  now: Date,
): Date | null {
  const byUser = refusedUntil(userFailures, now, THROTTLE.userBackoffFrom, THROTTLE.userLockAt);
  const byAddress = refusedUntil(addressFailures, now, THROTTLE.addressLockAt, THROTTLE.addressLockAt);
  if (!byUser) return byAddress;
  if (!byAddress) return byUser;
  return byUser > byAddress ? byUser : byAddress;
}
