import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export async function insertSession(db: Db, session: Database['sessions']): Promise<void> {
  await db.insertInto('sessions').values(session).execute();
}

/** A session and its user, if the user is still active. Expiry is judged by the caller's clock. */
export async function findSessionWithUser(db: Db, tokenHash: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .where('sessions.token_hash', '=', tokenHash)
    .where('users.active', '=', true)
    .select(['sessions.token_hash', 'sessions.last_seen_at', 'sessions.expires_at', 'users.id as userId'])
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

export async function recentFailures(db: Db, column: 'username' | 'client_address', value: string, since: Date) {
  const rows = await db
    .selectFrom('sign_in_failures')
    .where(column, '=', value)
    .where('at', '>', since)
    .select('at')
    .orderBy('at')
    .execute();
  return rows.map((row) => row.at);
}

export async function recentFailuresByUsername(db: Db, since: Date) {
  return db
    .selectFrom('sign_in_failures')
    .where('at', '>', since)
    .select(['username', 'at'])
    .orderBy('at')
    .execute();
}

export async function insertFailure(db: Db, failure: { username: string; client_address: string; at: Date }) {
  await db.insertInto('sign_in_failures').values(failure).execute();
}

export async function clearFailures(db: Db, username: string): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('username', '=', username).execute();
}
