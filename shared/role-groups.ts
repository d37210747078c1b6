// Which roles may do what, named once: the server's policy (server/features/auth/policy.ts) guards
// routes with these groups, and the client hides what a role cannot use with the same groups.
import type { Role } from './auth.ts';

export const roleGroups = {
  /** Users and roles. */
  administration: ['admin'],
  /** The audit trail and its integrity check. */
  auditors: ['admin', 'finance'],
  /** Create, change, (de)activate, delete and import formulary items. */
  formularyEditors: ['admin', 'pharmacy'],
  /** Create, copy, change, approve, close and delete purchase programmes and their lines. */
  programmeEditors: ['admin', 'logistics'],
  /** Reopen an approved or closed programme (back to approved or draft). */
  programmeReopeners: ['admin'],
  /** Budget ceilings per fiscal year and category. */
  budgetEditors: ['admin', 'finance'],
  /**
   * Supply planning (issue 14): consumption, stock and supply parameters, and accepting suggested
   * quantities into a programme. The programme editors, since accepting changes programme lines.
   */
  planners: ['admin', 'logistics'],
  /**
   * Reconciliation (issue 13): import SAP executions, undo a batch, match lines by hand, set the
   * tolerance and sign off.
   */
  reconcilers: ['admin', 'finance'],
  /** Reopen a sign-off, unlocking its lines. */
  signOffReopeners: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

export type RoleGroup = keyof typeof roleGroups;
