import { sql, type Kysely } from 'kysely';
import type { Role } from '../../../shared/auth.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

/** A user's roles, sorted, as a column of a query on users. */
export const rolesOfUser = sql<Role[]>`coalesce((
  select array_agg(role order by role) from user_roles where user_roles.user_id = users.id
), '{}')`;

const userColumns = ['users.id', 'users.username', 'users.full_name', 'users.active', 'users.created_at', 'users.last_sign_in_at'] as const;

export async function findUsers(db: Db) {
  return db.selectFrom('users').select([...userColumns, rolesOfUser.as('roles')]).orderBy('username').execute();
}

export async function findUserById(db: Db, id: number) {
  return db.selectFrom('users').where('id', '=', id).select([...userColumns, rolesOfUser.as('roles')]).executeTakeFirst();
}

export async function findUserForSignIn(db: Db, username: string) {
  return db
    .selectFrom('users')
    .where('username', '=', username)
    .select([...userColumns, 'users.password_hash', rolesOfUser.as('roles')])
    .executeTakeFirst();
}

export async function findPasswordHash(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('users').where('id', '=', id).select('password_hash').executeTakeFirst())?.password_hash;
}

export async function countUsers(db: Db): Promise<number> {
  return (await db.selectFrom('users').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

export async function insertUser(
  db: Db,
  user: { username: string; full_name: string; password_hash: string; created_at: Date },
): Promise<number> {
  return (await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateUserRow(
  db: Db,
  id: number,
  patch: Partial<{ full_name: string; password_hash: string; active: boolean; last_sign_in_at: Date }>,
): Promise<void> {
  if (Object.keys(patch).length > 0) await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function replaceRoles(db: Db, userId: number, roles: readonly Role[]): Promise<void> {
  await db.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (roles.length > 0) {
    await db.insertInto('user_roles').values(roles.map((role) => ({ user_id: userId, role }))).execute();
  }
}
