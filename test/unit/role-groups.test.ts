// The client hides exactly what the server refuses: both read the role groups of shared/role-groups.ts.
import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/auth.ts';
import { roleGroups } from '../../shared/role-groups.ts';
import { canUse, type Capability } from '../../client/src/features/auth/permissions.ts';
import { allows, policy, type RouteKey } from '../../server/features/auth/policy.ts';

/** Reopening a programme is a status change within PATCH /api/programmes/:id, which the service allows to programmeReopeners. */
type RouteCapability = Exclude<Capability, 'programme-reopen'>;

const routeOf: Record<RouteCapability, RouteKey> = {
  users: 'POST /api/users',
  audit: 'GET /api/audit',
  'formulary-edit': 'POST /api/items/import',
  'programme-edit': 'POST /api/programmes',
  'budget-edit': 'PUT /api/budgets/:fiscalYear/:category',
  'procurement-edit': 'POST /api/programmes/:id/processes',
  'process-rules-edit': 'PUT /api/process-rules/:fiscalYear',
  'quantification-accept': 'POST /api/programmes/:id/quantification/accept',
  'consumption-edit': 'POST /api/consumption/import',
  reconcile: 'POST /api/programmes/:id/reconciliation/sign-offs',
  'sign-off-reopen': 'DELETE /api/programmes/:id/reconciliation/sign-offs/:signOffId',
};

describe('role groups', () => {
  it.each(Object.entries(routeOf) as [RouteCapability, RouteKey][])(
    'when a user of any role looks for %s, then the client shows it exactly when the server allows %s',
    (capability, route) => {
      for (const role of roles) {
        expect(canUse({ roles: [role] }, capability), role).toBe(allows(policy[route], [role]));
      }
    },
  );

  it('when a user of any role looks for reopening a programme, then the client shows it exactly to the reopeners the service allows', () => {
    for (const role of roles) {
      expect(canUse({ roles: [role] }, 'programme-reopen'), role).toBe(allows(roleGroups.programmeReopeners, [role]));
    }
  });
});
