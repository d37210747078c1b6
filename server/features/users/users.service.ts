import type { Kysely, Transaction } from 'kysely';
import type { HistoryQuery } from '../../../shared/api-schemas.ts';
import type { RecordHistoryPage, Role, SessionUser, UserDto } from '../../../shared/auth.ts';
import type { CreateUserInput, UpdateUserInput } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { recordAudit, recordHistory } from '../audit/audit.service.ts';
import { hashPassword } from '../auth/password.ts';
import * as sessions from '../auth/session.repository.ts';
import { THROTTLE, accountRefusedUntil } from '../auth/sign-in-throttle.ts';
import { ConflictProblem, NotFoundProblem } from '../../platform/http/problem.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import * as repository from './users.repository.ts';

type UserRow = NonNullable<Awaited<ReturnType<typeof repository.findUserById>>>;

export function toSessionUser(row: Pick<UserRow, 'id' | 'username' | 'full_name' | 'roles'>): SessionUser {
  return { id: row.id, username: row.username, fullName: row.full_name, roles: row.roles };
}

function toUserDto(row: UserRow, lockedUntil: Date | null): UserDto {
  return {
    ...toSessionUser(row),
    active: row.active,
    createdAt: row.created_at.toISOString(),
    lastSignInAt: row.last_sign_in_at?.toISOString() ?? null,
    lockedUntil: lockedUntil?.toISOString() ?? null,
  };
}

/** What the audit trail keeps of a user: never the password hash. */
const auditView = (user: UserDto) => ({ username: user.username, fullName: user.fullName, roles: user.roles, active: user.active });

export async function listUsers(db: Kysely<Database>, now: Date): Promise<UserDto[]> {
  const [users, attempts] = await Promise.all([
    repository.findUsers(db),
    sessions.recentAttempts(db, new Date(now.getTime() - THROTTLE.windowMs)),
  ]);
  return users.map((user) => {
    const own = attempts.filter((attempt) => attempt.username === user.username);
    return toUserDto(user, accountRefusedUntil(own, now));
  });
}

async function requireUser(db: Kysely<Database>, id: number): Promise<UserDto> {
  const row = await repository.findUserById(db, id);
  if (!row) throw new NotFoundProblem(`No existe el usuario ${id}.`, 'id');
  return toUserDto(row, null);
}

export async function createUser(
  db: Kysely<Database>,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'> | null,
  now: Date,
  input: CreateUserInput,
): Promise<UserDto> {
  const passwordHash = await hashPassword(input.password);
  const [created] = await db.transaction().execute((trx) => createUsersInTransaction(trx, context, now, [{ ...input, passwordHash }]));
  return created!;
}

/**
 * Creates users, audited, inside the caller's transaction; passwords arrive already hashed. A
 * username taken in any case is refused by the database (users_username_lower_key), even when two
 * requests race for it. The audit rows go in after every user (see recordAudit).
 */
export async function createUsersInTransaction(
  trx: Transaction<Database>,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'> | null,
  now: Date,
  users: readonly (Omit<CreateUserInput, 'password'> & { passwordHash: string })[],
): Promise<UserDto[]> {
  const created: UserDto[] = [];
  for (const user of users) {
    const id = await repository.insertUser(trx, {
      username: user.username,
      full_name: user.fullName,
      password_hash: user.passwordHash,
      created_at: now,
    });
    await repository.replaceRoles(trx, id, user.roles);
    created.push(await requireUser(trx, id));
  }
  for (const user of created) {
    await recordAudit(trx, context, now, { action: 'create', entity: 'user', entityId: user.id, after: auditView(user) });
  }
  return created;
}

/** The user's record changes (creation, roles, password resets, deactivation) from the audit trail. */
export async function userHistory(db: Kysely<Database>, id: number, query: HistoryQuery): Promise<RecordHistoryPage> {
  await requireUser(db, id);
  return recordHistory(db, 'user', id, query);
}

const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((role) => b.includes(role));

export async function updateUser(
  db: Kysely<Database>,
  context: RequestContext & { user: SessionUser },
  now: Date,
  id: number,
  patch: UpdateUserInput,
): Promise<UserDto> {
  const passwordHash = patch.password === undefined ? undefined : await hashPassword(patch.password);
  return db.transaction().execute(async (trx) => {
    const before = await requireUser(trx, id);
    if (id === context.user.id && patch.roles && !patch.roles.includes('admin')) {
      throw new ConflictProblem('No puede quitarse a sí mismo el rol de administración.', 'roles');
    }
    if (id === context.user.id && patch.active === false) {
      throw new ConflictProblem('No puede desactivar su propio usuario.', 'active');
    }
    await repository.updateUserRow(trx, id, {
      ...(patch.fullName === undefined ? {} : { full_name: patch.fullName }),
      ...(patch.active === undefined ? {} : { active: patch.active }),
      ...(passwordHash === undefined ? {} : { password_hash: passwordHash }),
    });
    if (patch.roles) await repository.replaceRoles(trx, id, patch.roles);
    if (passwordHash !== undefined || patch.active === false) {
      // A reset password or a deactivated user ends the user's sessions and lifts a lockout.
      await sessions.deleteSessionsOfUser(trx, id);
      await sessions.clearFailures(trx, before.username, now);
    }
    const after = await requireUser(trx, id);
    const rolesChanged = !sameRoles(before.roles, after.roles);
    await recordAudit(trx, context, now, {
      action: rolesChanged ? 'role_change' : passwordHash !== undefined && Object.keys(patch).length === 1 ? 'password_change' : 'update',
      entity: 'user',
      entityId: id,
      before: auditView(before),
      after: { ...auditView(after), ...(passwordHash === undefined ? {} : { passwordReset: true }) },
    });
    return after;
  });
}
