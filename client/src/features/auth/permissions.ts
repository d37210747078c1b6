// Which areas each role may use: the server policy's role groups (shared/role-groups.ts), used here
// only to hide what a role cannot use (navigation, pages); the server is the guard and answers 403.
import type { Role, SessionUser } from '../../../../shared/auth.ts';
import { roleLabels, roles } from '../../../../shared/auth.ts';
import { roleGroups, type RoleGroup } from '../../../../shared/role-groups.ts';

/**
 * Areas beyond the read pages (Petitorio, programmes, Presupuesto), which every signed-in role
 * may read.
 */
export type Capability =
  | 'users'
  | 'audit'
  | 'formulary-edit'
  | 'programme-edit'
  | 'programme-reopen'
  | 'budget-edit'
  | 'procurement-edit'
  | 'process-rules-edit'
  | 'quantification-accept'
  | 'consumption-edit'
  | 'reconcile'
  | 'sign-off-reopen';

const groupOf: Record<Capability, RoleGroup> = {
  users: 'administration',
  audit: 'auditors',
  'formulary-edit': 'formularyEditors',
  'programme-edit': 'programmeEditors',
  'programme-reopen': 'programmeReopeners',
  'budget-edit': 'budgetEditors',
  'procurement-edit': 'programmeEditors',
  'process-rules-edit': 'administration',
  'quantification-accept': 'planners',
  'consumption-edit': 'planners',
  reconcile: 'reconcilers',
  'sign-off-reopen': 'signOffReopeners',
};

export function canUse(user: Pick<SessionUser, 'roles'> | null | undefined, capability: Capability): boolean {
  if (!user) return false;
  const allowed: readonly Role[] = roleGroups[groupOf[capability]];
  return user.roles.some((role) => allowed.includes(role));
}

export const capabilityLabels: Record<Capability, string> = {
  users: 'Usuarios',
  audit: 'Auditoría',
  'formulary-edit': 'Mantenimiento del petitorio',
  'programme-edit': 'Programación de compras',
  'programme-reopen': 'Reapertura de programas',
  'budget-edit': 'Techos presupuestales',
  'procurement-edit': 'Procesos de selección',
  'process-rules-edit': 'Reglas de proceso',
  'quantification-accept': 'Aceptar cantidades sugeridas',
  'consumption-edit': 'Consumo, existencias y parámetros de abastecimiento',
  reconcile: 'Conciliación con lo ejecutado en SAP',
  'sign-off-reopen': 'Reapertura de conformidades',
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
