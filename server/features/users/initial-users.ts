// First start: an administrator, and with the demo data one user per role. Passwords come from
// ABASTECE_ADMIN_PASSWORD (admin only) or are generated, and are shown once, here, never again.
import { sql, type Kysely } from 'kysely';
import { roleLabels, type Role } from '../../../shared/auth.ts';
import type { Database } from '../../../db/schema.ts';
import { generatePassword, hashPassword } from '../auth/password.ts';
import { countUsers } from './users.repository.ts';
import { createUsersInTransaction } from './users.service.ts';

const DEMO_USERS: { username: string; fullName: string; role: Role }[] = [
  { username: 'logistica', fullName: 'Usuario de logística (demo)', role: 'logistics' },
  { username: 'farmacia', fullName: 'Usuario de farmacia (demo)', role: 'pharmacy' },
  { username: 'finanzas', fullName: 'Usuario de finanzas (demo)', role: 'finance' },
  { username: 'consulta', fullName: 'Usuario de consulta (demo)', role: 'viewer' },
];

export interface InitialUsersOptions {
  adminPassword?: string | undefined;
  demoUsers: boolean;
  print?: (line: string) => void;
}

// Several app servers may start at once on an empty database: one creates the users, the rest wait.
const INITIAL_USERS_LOCK_KEY = 7_2011_0001;

/** Creates the first users if there are none; returns how many it created. */
export async function ensureInitialUsers(db: Kysely<Database>, options: InitialUsersOptions): Promise<number> {
  // The usual start finds users and hashes nothing: scrypt would cost it half a second.
  if ((await countUsers(db)) > 0) return 0;
  const print = options.print ?? console.log;
  const now = new Date();
  const planned = [
    { username: 'admin', fullName: 'Administrador', role: 'admin' as Role, password: options.adminPassword || generatePassword(), shown: !options.adminPassword },
    ...(options.demoUsers ? DEMO_USERS.map((user) => ({ ...user, password: generatePassword(), shown: true })) : []),
  ];
  // One at a time: each scrypt hash holds 32 MB while it runs.
  const hashes: string[] = [];
  for (const user of planned) hashes.push(await hashPassword(user.password));
  const created = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${INITIAL_USERS_LOCK_KEY})`.execute(trx);
    if ((await countUsers(trx)) > 0) return false;
    await createUsersInTransaction(
      trx,
      null,
      now,
      planned.map((user, index) => ({ username: user.username, fullName: user.fullName, roles: [user.role], passwordHash: hashes[index]! })),
    );
    return true;
  });
  if (!created) return 0;
  print('Usuarios iniciales creados. Las contraseñas se muestran solo esta vez; cámbielas en «Mi cuenta»:');
  for (const user of planned) {
    const password = user.shown ? user.password : '(la de ABASTECE_ADMIN_PASSWORD)';
    print(`  ${user.username.padEnd(10)} ${password.padEnd(24)} ${roleLabels[user.role]}`);
  }
  return planned.length;
}
