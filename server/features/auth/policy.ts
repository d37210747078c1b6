// Who may use which route: the one place where authorisation is decided. The server enforces it
// (http/routes.ts); the client only mirrors it to hide what a role cannot use.
import type { Role } from '../../../shared/auth.ts';
import { roleGroups } from '../../../shared/role-groups.ts';

/** 'public': no session needed; 'signed-in': any role; or the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

const { administration, auditors, budgetEditors, formularyEditors, planners, programmeEditors, reconcilers, signOffReopeners } = roleGroups;

export const policy = {
  'GET /api/health': 'public',
  'GET /api/openapi.json': 'signed-in',
  'POST /api/session': 'public',
  'GET /api/session': 'signed-in',
  'DELETE /api/session': 'signed-in',
  'POST /api/session/password': 'signed-in',

  'GET /api/items': 'signed-in',
  'GET /api/items/summary': 'signed-in',
  'GET /api/items/possible-duplicates': 'signed-in',
  'GET /api/items/therapeutic-groups': 'signed-in',
  'GET /api/items/:id': 'signed-in',
  'GET /api/items/:id/history': 'signed-in',
  'POST /api/items': formularyEditors,
  'PATCH /api/items/:id': formularyEditors,
  'DELETE /api/items/:id': formularyEditors,
  'POST /api/items/import': formularyEditors,
  'GET /api/items/export': 'signed-in',
  'GET /api/programmes/:id/coverage/export': 'signed-in',
  'GET /api/programmes': 'signed-in',
  'GET /api/programmes/:id/lines': 'signed-in',
  'GET /api/programmes/:id/summary': 'signed-in',
  'GET /api/programmes/:id/coverage': 'signed-in',
  'GET /api/programmes/:id/coverage/items': 'signed-in',
  'GET /api/programmes/:id/coverage/breakdown': 'signed-in',
  'GET /api/budgets': 'signed-in',
  'GET /api/budgets/years': 'signed-in',

  'GET /api/programmes/compare': 'signed-in',
  'GET /api/programmes/:id': 'signed-in',
  'GET /api/programmes/:id/budget': 'signed-in',
  'GET /api/programmes/:id/lines/export': 'signed-in',
  'GET /api/programmes/:id/summary/export': 'signed-in',
  'POST /api/programmes': programmeEditors,
  'PATCH /api/programmes/:id': programmeEditors,
  'DELETE /api/programmes/:id': programmeEditors,
  'POST /api/programmes/:id/lines': programmeEditors,
  'POST /api/programmes/:id/lines/bulk': programmeEditors,
  'PATCH /api/programmes/:id/lines/:lineId': programmeEditors,
  'DELETE /api/programmes/:id/lines/:lineId': programmeEditors,
  'PUT /api/budgets/:fiscalYear/:category': budgetEditors,

  'GET /api/programmes/:id/processes': 'signed-in',
  'GET /api/programmes/:id/savings': 'signed-in',
  'GET /api/processes/:processId': 'signed-in',
  'GET /api/processes/:processId/lines': 'signed-in',
  'GET /api/suppliers': 'signed-in',
  'GET /api/suppliers/:id': 'signed-in',
  'POST /api/programmes/:id/processes': programmeEditors,
  'PATCH /api/processes/:processId': programmeEditors,
  'POST /api/processes/:processId/lines': programmeEditors,
  'PATCH /api/processes/:processId/lines/:lineId': programmeEditors,
  'DELETE /api/processes/:processId/lines/:lineId': programmeEditors,
  'POST /api/suppliers': programmeEditors,

  'GET /api/users': administration,
  'POST /api/users': administration,
  'PATCH /api/users/:id': administration,
  'GET /api/users/:id/history': administration,

  'GET /api/process-rules/:fiscalYear': 'signed-in',
  'PUT /api/process-rules/:fiscalYear': administration,
  'GET /api/programmes/:id/rule-violations': 'signed-in',
  'GET /api/programmes/:id/ocds': 'signed-in',

  'POST /api/quantification/calculate': 'signed-in',
  'GET /api/programmes/:id/quantification': 'signed-in',
  'POST /api/programmes/:id/quantification/accept': planners,
  'GET /api/programmes/:id/abc': 'signed-in',
  'GET /api/programmes/:id/abc-ven': 'signed-in',
  'GET /api/programmes/:id/indicators': 'signed-in',
  'POST /api/consumption/import': planners,
  'GET /api/consumption/export': 'signed-in',
  'GET /api/items/:id/consumption': 'signed-in',
  'PUT /api/items/:id/consumption': planners,
  'GET /api/items/:id/stock': 'signed-in',
  'PUT /api/items/:id/stock': planners,
  'GET /api/items/:id/supply-parameters': 'signed-in',
  'PUT /api/items/:id/supply-parameters': planners,

  'POST /api/programmes/:id/executions/import': reconcilers,
  'GET /api/programmes/:id/executions/import-jobs': 'signed-in',
  'GET /api/programmes/:id/executions/batches': 'signed-in',
  'DELETE /api/programmes/:id/executions/batches/:batchId': reconcilers,
  'GET /api/import-jobs/:id': 'signed-in',
  'DELETE /api/import-jobs/:id': reconcilers,

  'GET /api/programmes/:id/reconciliation': 'signed-in',
  'GET /api/programmes/:id/reconciliation/lines': 'signed-in',
  'GET /api/programmes/:id/reconciliation/export': 'signed-in',
  'GET /api/programmes/:id/reconciliation/tolerance': 'signed-in',
  'GET /api/programmes/:id/executions': 'signed-in',
  'PUT /api/programmes/:id/executions/:lineId/match': reconcilers,
  'DELETE /api/programmes/:id/executions/:lineId/match': reconcilers,
  'POST /api/programmes/:id/reconciliation/rematch': reconcilers,
  'PUT /api/programmes/:id/reconciliation/tolerance': reconcilers,
  'POST /api/programmes/:id/reconciliation/sign-offs': reconcilers,
  'DELETE /api/programmes/:id/reconciliation/sign-offs/:signOffId': signOffReopeners,

  'GET /api/audit': auditors,
  'GET /api/audit/verify': auditors,
  'GET /api/audit/export': auditors,
} as const satisfies Record<string, Access>;

export type RouteKey = keyof typeof policy;

export function allows(access: Access, roles: readonly Role[] | undefined): boolean {
  if (access === 'public') return true;
  if (roles === undefined) return false;
  if (access === 'signed-in') return true;
  return roles.some((role) => access.includes(role));
}
