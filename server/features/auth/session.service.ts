// Signing in and out, and recognising the session a request carries.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionDto, SessionUser } from '../../../shared/auth.ts';
import type { Database } from '../../../db/schema.ts';
import { recordAudit, type AuditEvent } from '../audit/audit.service.ts';
import { HttpProblem } from '../../platform/http/problem.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import { findUserForSignIn, findPasswordHash, updateUserRow } from '../users/users.repository.ts';
import { toSessionUser } from '../users/users.service.ts';
import { hashPassword, verifyAgainstNothing, verifyPassword } from './password.ts';
import * as sessions from './session.repository.ts';
import { THROTTLE, attemptRefusedUntil } from './sign-in-throttle.ts';
import { problemTypes } from '../../../shared/problem-types.ts';


export const SESSION = {
  cookie: 'abastece_session',
  /** Without activity for this long, the session ends. */
  idleMs: 30 * 60_000,
  /** Whatever the activity, the session ends this long after sign-in. */
  lifetimeMs: 12 * 3600_000,
  /** Last activity is written at most this often, to keep reads from becoming writes. */
  touchEveryMs: 60_000,
} as const;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

class InvalidCredentialsProblem extends HttpProblem {
  constructor() {
    super(401, problemTypes.invalidCredentials, 'Credenciales no válidas', 'Usuario o contraseña incorrectos.', [
      { field: 'password', in: 'body', message: 'Usuario o contraseña incorrectos.' },
    ]);
  }
}

class SignInLockedProblem extends HttpProblem {
  constructor(retryAfterSeconds: number) {
    super(
      429,
      problemTypes.signInLocked,
      'Demasiados intentos fallidos',
      `Intente de nuevo en ${retryAfterSeconds} s.`,
      undefined,
      { 'Retry-After': String(retryAfterSeconds) },
    );
  }
}

export interface SignInResult {
  token: string;
  session: SessionDto;
}

/**
 * Counts one password check of `username` from the request's address before it runs, or refuses
 * it (429, audited with the reason `locked`). The count is decided and recorded in one short
 * transaction under locks on the username and the address, so checks sent in parallel are counted
 * one after another; the slow check itself then runs outside any transaction. Returns the
 * attempt's id, to mark it succeeded.
 */
async function beginAttempt(
  db: Kysely<Database>,
  context: RequestContext,
  now: Date,
  purpose: 'sign_in' | 'password_change',
  username: string,
  refused: Omit<AuditEvent, 'after'>,
): Promise<string> {
  const key = { username, clientAddress: context.clientAddress };
  const outcome = await db.transaction().execute(async (trx): Promise<{ refusedUntil: Date } | { id: string }> => {
    await sessions.lockAttemptCounts(trx, key);
    const recent = await sessions.recentAttempts(trx, new Date(now.getTime() - THROTTLE.windowMs), key);
    const known = await sessions.succeededFrom(trx, key, new Date(now.getTime() - THROTTLE.knownAddressMs));
    const refusedUntil = attemptRefusedUntil(key, recent, known, now);
    if (refusedUntil) return { refusedUntil };
    return { id: await sessions.insertAttempt(trx, { username, client_address: context.clientAddress, at: now, purpose }) };
  });
  if ('id' in outcome) return outcome.id;
  // Audited after the count's locks are released: the audit chain may be busy with a long write.
  const { refusedUntil } = outcome;
  await db.transaction().execute((trx) =>
    recordAudit(trx, context, now, { ...refused, after: { reason: 'locked', until: refusedUntil.toISOString() } }),
  );
  throw new SignInLockedProblem(Math.ceil((refusedUntil.getTime() - now.getTime()) / 1000));
}

export async function signIn(
  db: Kysely<Database>,
  context: RequestContext,
  now: Date,
  credentials: { username: string; password: string },
): Promise<SignInResult> {
  const { username, password } = credentials;
  const user = await findUserForSignIn(db, username);
  const failure = {
    action: 'sign_in_failed',
    entity: 'session',
    entityId: user?.id ?? null,
    actor: user ? { id: user.id, username: user.username } : { id: null, username },
  } as const;
  const attemptId = await beginAttempt(db, context, now, 'sign_in', username, failure);

  const valid = user && user.active ? await verifyPassword(password, user.password_hash) : await verifyAgainstNothing(password);
  if (!valid || !user) {
    // The attempt is already on record as a failure.
    await db.transaction().execute((trx) =>
      recordAudit(trx, context, now, { ...failure, after: { reason: user && !user.active ? 'inactive' : 'credentials' } }),
    );
    throw new InvalidCredentialsProblem();
  }

  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION.lifetimeMs);
  const sessionUser = toSessionUser(user);
  await db.transaction().execute(async (trx) => {
    await sessions.markAttemptSucceeded(trx, attemptId);
    await sessions.deleteExpiredSessions(trx, now);
    await sessions.insertSession(trx, {
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      client_address: context.clientAddress,
      user_agent: null,
    });
    await updateUserRow(trx, user.id, { last_sign_in_at: now });
    await recordAudit(trx, { ...context, user: sessionUser }, now, {
      action: 'sign_in',
      entity: 'session',
      entityId: user.id,
      after: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, session: { user: sessionUser, expiresAt: expiresAt.toISOString() } };
}

/** The live session for a token, refreshing its last activity; undefined if none. */
export async function resumeSession(db: Kysely<Database>, token: string, now: Date): Promise<SessionDto | undefined> {
  const tokenHash = hashToken(token);
  const session = await sessions.findSessionWithUser(db, tokenHash);
  if (!session) return undefined;
  const idleSince = now.getTime() - session.last_seen_at.getTime();
  if (session.expires_at <= now || idleSince >= SESSION.idleMs) {
    await sessions.deleteSession(db, tokenHash);
    return undefined;
  }
  if (idleSince >= SESSION.touchEveryMs) await sessions.touchSession(db, tokenHash, now);
  return { user: toSessionUser(session), expiresAt: session.expires_at.toISOString() };
}

export async function signOut(db: Kysely<Database>, context: RequestContext, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (context.sessionTokenHash) await sessions.deleteSession(trx, context.sessionTokenHash);
    await recordAudit(trx, context, now, { action: 'sign_out', entity: 'session', entityId: context.user?.id ?? null });
  });
}

export async function changeOwnPassword(
  db: Kysely<Database>,
  context: RequestContext & { user: SessionUser },
  now: Date,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  // Guessing the current password is throttled like signing in, and counts with it.
  const failure = { action: 'password_change_failed', entity: 'session', entityId: context.user.id } as const;
  const attemptId = await beginAttempt(db, context, now, 'password_change', context.user.username, failure);
  const stored = await findPasswordHash(db, context.user.id);
  if (!stored || !(await verifyPassword(input.currentPassword, stored))) {
    await db.transaction().execute((trx) => recordAudit(trx, context, now, { ...failure, after: { reason: 'credentials' } }));
    throw new HttpProblem(401, problemTypes.invalidCredentials, 'Contraseña actual incorrecta', 'La contraseña actual no es correcta.', [
      { field: 'currentPassword', in: 'body', message: 'La contraseña actual no es correcta.' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await sessions.markAttemptSucceeded(trx, attemptId);
    await updateUserRow(trx, context.user.id, { password_hash: passwordHash });
    // Other sessions of this user end: whoever knew the old password is signed out.
    await sessions.deleteSessionsOfUser(trx, context.user.id, context.sessionTokenHash);
    await recordAudit(trx, context, now, {
      action: 'password_change',
      entity: 'user',
      entityId: context.user.id,
      after: { passwordChanged: true },
    });
  });
}
