import type { Role } from '../../../../shared/auth.ts';
import { roleLabels } from '../../../../shared/auth.ts';
import { shortRoleLabel, sortRoles } from '../auth/permissions.ts';

/** A user's roles as short tags, the full label on hover and for screen readers. */
export function RoleTags({ roles }: { roles: readonly Role[] }) {
  if (roles.length === 0) return <span className="muted">Sin roles</span>;
  return (
    <ul className="tag-list">
      {sortRoles(roles).map((role) => (
        <li key={role} className={`tag tag--role tag--role-${role}`} title={roleLabels[role]}>
          {shortRoleLabel(role)}
        </li>
      ))}
    </ul>
  );
}
