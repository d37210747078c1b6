// First start: an administrator, and with the demo data one user per role. Passwords come from
// ABASTECE_ADMIN_PASSWORD (admin only) or are generated, and are shown once, here, never again.
import type { Kysely } from 'kysely';
import { roleLabels, type Role } from '../../shared/auth.ts';
import type { Database } from '../../db/schema.ts';
import { generatePassword } from '../auth/password.ts';
import { countUsers } from './users.repository.ts';
import { createUser } from './users.service.ts';

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

/** Creates the first users if there are none; returns how many it created. */
export async function ensureInitialUsers(db: Kysely<Database>, options: InitialUsersOptions): Promise<number> {
  if ((await countUsers(db)) > 0) return 0;
  const print = options.print ?? console.log;
  const now = new Date();
  const created: { username: string; password: string; role: Role; shown: boolean }[] = [];
  const adminPassword = options.adminPassword || generatePassword();
  created.push({ username: 'admin', password: adminPassword, role: 'admin', shown: !options.adminPassword });
  if (options.demoUsers) {
    for (const user of DEMO_USERS) created.push({ username: user.username, password: generatePassword(), role: user.role, shown: true });
  }
  for (const user of created) {
    const fullName = DEMO_USERS.find((demo) => demo.username === user.username)?.fullName ?? 'Administrador';
    await createUser(db, null, now, { username: user.username, fullName, roles: [user.role], password: user.password });
  }
  print('Usuarios iniciales creados. Las contraseñas se muestran solo esta vez; cámbielas en «Mi cuenta»:');
  for (const user of created) {
    const password = user.shown ? user.password : '(la de ABASTECE_ADMIN_PASSWORD)';
    print(`  ${user.username.padEnd(10)} ${password.padEnd(24)} ${roleLabels[user.role]}`);
  }
  return created.length;
}
