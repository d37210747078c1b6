import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { rolesOfUser } from '../users/users.repository.ts';
import type { Attempt, AttemptKey } from './sign-in-throttle.ts';

type Db = Kysely<Database>;

export async function insertSession(db: Db, session: Database['sessions']): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/**
 * A session and its user with the user's roles, if the user is still active: the one query a
 * request pays to be recognised. Expiry is judged by the caller's clock.
 */
export async function findSessionWithUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.active', '=', true)
    .select([
      'sessions.token_hash',
      'sessions.last_seen_at',
      'sessions.expires_at',
      'users.id',
      'users.username',
      'users.full_name',
      rolesOfUser.as('roles'),
    ])
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('token_hash', '=', tokenHash).execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number, except?: string): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('user_id', '=', userId)
    .$if(except !== undefined, (qb) => qb.where('token_hash', '<>', except!))
    .execute();
}

export async function deleteExpiredSessions(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

// Advisory-lock namespaces (the two-key form, apart from the one-key locks used elsewhere).
const USERNAME_COUNT_LOCK = 7_2026;
const ADDRESS_COUNT_LOCK = 7_2027;

/**
 * Serialises the counting of attempts for one username and for one address until the transaction
 * ends. Always the username's lock first, then the address's: two counts never wait in a cycle.
 */
export async function lockAttemptCounts(trx: Db, key: AttemptKey): Promise<void> {
  await sql`select pg_advisory_xact_lock(${sql.lit(USERNAME_COUNT_LOCK)}, hashtext(${key.username}))`.execute(trx);
  await sql`select pg_advisory_xact_lock(${sql.lit(ADDRESS_COUNT_LOCK)}, hashtext(${key.clientAddress}))`.execute(trx);
}

/**
 * The attempts since `since` that still count, oldest first: all of them, or those of the key's
 * username or from its address.
 */
export async function recentAttempts(db: Db, since: Date, key?: AttemptKey): Promise<Attempt[]> {
  return db
    .selectFrom('sign_in_attempts')
    .where('at', '>', since)
    .where('cleared_at', 'is', null)
    .$if(key !== undefined, (qb) =>
      qb.where((eb) => eb.or([eb('username', '=', key!.username), eb('client_address', '=', key!.clientAddress)])),
    )
    .select(['username', 'client_address as clientAddress', 'at', 'succeeded'])
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** Whether the username has succeeded from the address since `since`. */
export async function succeededFrom(db: Db, key: AttemptKey, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_attempts')
    .where('username', '=', key.username)
    .where('client_address', '=', key.clientAddress)
    .where('at', '>', since)
    .where('succeeded', '=', true)
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Records an attempt before its password is checked: it is a failure until marked otherwise. */
export async function insertAttempt(
  db: Db,
  attempt: { username: string; client_address: string; at: Date; purpose: 'sign_in' | 'password_change' },
): Promise<string> {
  return (await db.insertInto('sign_in_attempts').values(attempt).returning('id').executeTakeFirstOrThrow()).id;
}

export async function markAttemptSucceeded(db: Db, id: string): Promise<void> {
  await db.updateTable('sign_in_attempts').set({ succeeded: true }).where('id', '=', id).execute();
}

/** Lifts a lockout: the username's failures stay on record but no longer count. */
export async function clearFailures(db: Db, username: string, at: Date): Promise<void> {
  await db
    .updateTable('sign_in_attempts')
    .set({ cleared_at: at })
    .where('username', '=', username)
    .where('succeeded', '=', false)
    .where('cleared_at', 'is', null)
    .execute();
}
