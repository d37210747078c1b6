// The client hides exactly what the server refuses: both read the role groups of shared/role-groups.ts.
import { describe, expect, it } from 'vitest';
import { roles } from '../../shared/auth.ts';
import { canUse, type Capability } from '../../client/src/features/auth/permissions.ts';
import { allows, policy, type RouteKey } from '../../server/features/auth/policy.ts';

const routeOf: Record<Capability, RouteKey> = {
  users: 'POST /api/users',
  audit: 'GET /api/audit',
  'formulary-edit': 'POST /api/items/import',
};

describe('role groups', () => {
  it.each(Object.entries(routeOf) as [Capability, RouteKey][])(
    'when a user of any role looks for %s, then the client shows it exactly when the server allows %s',
    (capability, route) => {
      for (const role of roles) {
        expect(canUse({ roles: [role] }, capability), role).toBe(allows(policy[route], [role]));
      }
    },
  );
});
