// Which areas each role may use, in one place. This mirrors the server's policy only to hide what a
// role cannot use (navigation, pages); the server is the guard and answers 403 regardless.
import type { Role, SessionUser } from '../../../../shared/auth.ts';
import { roleLabels, roles } from '../../../../shared/auth.ts';

/**
 * Areas beyond the read pages (Petitorio, programmes, Presupuesto), which every signed-in role
 * may read.
 */
export type Capability = 'users' | 'audit' | 'formulary-edit';

const rolesAllowed: Record<Capability, readonly Role[]> = {
  users: ['admin'],
  audit: ['admin', 'finance'],
  /** Create, change, (de)activate, delete and import formulary items (POST/PATCH/DELETE /api/items…). */
  'formulary-edit': ['admin', 'pharmacy'],
};

export function canUse(user: Pick<SessionUser, 'roles'> | null | undefined, capability: Capability): boolean {
  if (!user) return false;
  return user.roles.some((role) => rolesAllowed[capability].includes(role));
}

export const capabilityLabels: Record<Capability, string> = {
  users: 'Usuarios',
  audit: 'Auditoría',
  'formulary-edit': 'Mantenimiento del petitorio',
};

/** "Logística (programación de compras)" -> "Logística", for tight places such as the header. */
export function shortRoleLabel(role: Role): string {
  return (roleLabels[role] ?? role).replace(/\s*\(.*\)$/, '');
}

/** Roles in the order of the contract (admin first), whatever order the server sent. */
export function sortRoles(list: readonly Role[]): Role[] {
  return [...list].sort((a, b) => roles.indexOf(a) - roles.indexOf(b));
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
