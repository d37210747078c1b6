import { describe, expect, it } from 'vitest';
import { THROTTLE, accountRefusedUntil, attemptRefusedUntil, type Attempt } from '../../server/features/auth/sign-in-throttle.ts';

const START = Date.parse('2026-12-01T12:00:00Z');
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const at = (ms: number) => new Date(START + ms);

const owner = { username: 'ana', clientAddress: '198.51.100.1' };
const stranger = { username: 'ana', clientAddress: '203.0.113.9' };

/** `count` failures of `key`, one a second from `fromMs`. */
const failures = (key: typeof owner, count: number, fromMs = 0): Attempt[] =>
  Array.from({ length: count }, (_, i) => ({ ...key, at: at(fromMs + i * SECOND), succeeded: false }));
const success = (key: typeof owner, ms: number): Attempt => ({ ...key, at: at(ms), succeeded: true });

describe('attemptRefusedUntil: one username from one address', () => {
  it('when there are fewer than 3 failures, then nothing waits', () => {
    expect(attemptRefusedUntil(stranger, failures(stranger, 2), false, at(2 * SECOND))).toBeNull();
  });

  it('when the last failure is stamped after now (recorded meanwhile by a later request, or a server whose clock runs ahead), then fewer than 3 still wait for nothing', () => {
    expect(attemptRefusedUntil(stranger, failures(stranger, 2, 30 * SECOND), false, at(0))).toBeNull();
    expect(attemptRefusedUntil(stranger, [...failures(owner, 1, 30 * SECOND), ...failures(stranger, 1, 31 * SECOND)], false, at(0))).toBeNull();
  });

  it('when there are 3 and then 4 failures, then the next try waits 5 s and then 10 s after the last', () => {
    expect(attemptRefusedUntil(stranger, failures(stranger, 3), false, at(3 * SECOND))).toEqual(at(2 * SECOND + 5 * SECOND));
    expect(attemptRefusedUntil(stranger, failures(stranger, 3), false, at(7 * SECOND))).toBeNull();
    expect(attemptRefusedUntil(stranger, failures(stranger, 4), false, at(4 * SECOND))).toEqual(at(3 * SECOND + 10 * SECOND));
  });

  it('when there are 5 failures, then it is refused for the whole window after the last, and then forgotten', () => {
    const five = failures(stranger, 5);
    expect(attemptRefusedUntil(stranger, five, false, at(10 * MINUTE))).toEqual(at(4 * SECOND + THROTTLE.windowMs));
    expect(attemptRefusedUntil(stranger, five, false, at(4 * SECOND + THROTTLE.windowMs))).toBeNull();
  });

  it('when the same username later succeeds from the same address, then the failures before it stop counting there', () => {
    const typos = [...failures(owner, 4), success(owner, 5 * SECOND)];
    expect(attemptRefusedUntil(owner, typos, true, at(6 * SECOND))).toBeNull();
    expect(attemptRefusedUntil(owner, [...typos, ...failures(owner, 3, 6 * SECOND)], true, at(9 * SECOND))).not.toBeNull();
  });

  it('when the owner succeeds from another address, then the stranger’s failures still count for the stranger', () => {
    const attempts = [...failures(stranger, 5), success(owner, 10 * SECOND)];
    expect(attemptRefusedUntil(stranger, attempts, false, at(11 * SECOND))).toEqual(at(4 * SECOND + THROTTLE.windowMs));
    expect(attemptRefusedUntil(owner, attempts, true, at(11 * SECOND))).toBeNull();
  });
});

describe('attemptRefusedUntil: one address, many usernames', () => {
  const sprayer = '203.0.113.66';
  const spray = (count: number): Attempt[] =>
    Array.from({ length: count }, (_, i) => ({ username: `u${i}`, clientAddress: sprayer, at: at(i * SECOND), succeeded: false }));

  it('when an address fails for 20 usernames, then it is refused for every username, and other addresses are not', () => {
    expect(attemptRefusedUntil({ username: 'nueva', clientAddress: sprayer }, spray(19), false, at(20 * SECOND))).toBeNull();
    expect(attemptRefusedUntil({ username: 'nueva', clientAddress: sprayer }, spray(20), true, at(20 * SECOND))).toEqual(
      at(19 * SECOND + THROTTLE.windowMs),
    );
    expect(attemptRefusedUntil({ username: 'u1', clientAddress: '198.51.100.7' }, spray(20), false, at(20 * SECOND))).toBeNull();
  });
});

describe('attemptRefusedUntil: one username, many addresses', () => {
  const distributed = (addresses: number): Attempt[] =>
    Array.from({ length: addresses }, (_, a) => failures({ username: 'ana', clientAddress: `203.0.113.${a}` }, 5, a * 10 * SECOND)).flat();

  it('when 10 failures come from several addresses, then an address the user is not known at is refused, a known one is not', () => {
    const newcomer = { username: 'ana', clientAddress: '192.0.2.1' };
    expect(attemptRefusedUntil(newcomer, distributed(1), false, at(MINUTE))).toBeNull();
    expect(attemptRefusedUntil(newcomer, distributed(2), false, at(MINUTE))).toEqual(at(14 * SECOND + THROTTLE.windowMs));
    expect(attemptRefusedUntil(owner, distributed(2), true, at(MINUTE))).toBeNull();
  });
});

describe('accountRefusedUntil: what the users list shows', () => {
  it('when one address locked the user out, then the account shows until when', () => {
    const attempts = [...failures(stranger, 5), success(owner, 10 * SECOND)];
    expect(accountRefusedUntil(attempts, at(MINUTE))).toEqual(at(4 * SECOND + THROTTLE.windowMs));
  });

  it('when failures were redeemed by the same address or are older than the window, then nothing shows', () => {
    expect(accountRefusedUntil([...failures(owner, 4), success(owner, 4 * SECOND)], at(MINUTE))).toBeNull();
    expect(accountRefusedUntil(failures(stranger, 5), at(4 * SECOND + THROTTLE.windowMs))).toBeNull();
  });

  it('when five addresses fail twice each, then none is backed off but the lock on the username shows', () => {
    const spread = [0, 1, 2, 3, 4].flatMap((a) => failures({ username: 'ana', clientAddress: `203.0.113.${a}` }, 2, a * 2 * SECOND));
    expect(accountRefusedUntil(spread, at(MINUTE))).toEqual(at(9 * SECOND + THROTTLE.windowMs));
  });
});
