// The one list of migrations, in order. A static provider: no directory scanning at run time.
import type { Migration, MigrationProvider } from 'kysely/migration';
import * as initialSchema from './2026-11-26-initial-schema.ts';
import * as usersSessionsAudit from './2026-11-26-users-sessions-audit.ts';
import * as programmeDemoFlag from './2026-11-27-programme-demo-flag.ts';
import * as auditChainPosition from './2026-12-01-audit-chain-position.ts';
import * as caseInsensitiveUnique from './2026-12-01-case-insensitive-unique.ts';
import * as itemDuplicateKeys from './2026-12-01-item-duplicate-keys.ts';
import * as signInAttempts from './2026-12-01-sign-in-attempts.ts';
import * as auditChainBulkAppend from './2026-12-02-audit-chain-bulk-append.ts';
import * as writeRules from './2026-12-02-write-rules.ts';
import * as planning from './2026-12-04-planning.ts';
import * as queryPerformance from './2026-12-04-query-performance.ts';
import * as procurement from './2026-12-04T18-procurement.ts';
import * as processLinesDeferredLineKey from './2026-12-04T19-process-lines-deferred-line-key.ts';
import * as quantification from './2026-12-04T20-quantification.ts';
import * as reconciliation from './2026-12-04T21-reconciliation.ts';
import * as reconciliationLocks from './2026-12-04T23-reconciliation-locks.ts';
import * as executionImportSpeed from './2026-12-04T24-execution-import-speed.ts';

const migrations: Record<string, Migration> = {
  '2026-11-26-initial-schema': initialSchema,
  '2026-11-26-users-sessions-audit': usersSessionsAudit,
  '2026-11-27-programme-demo-flag': programmeDemoFlag,
  '2026-12-01-audit-chain-position': auditChainPosition,
  '2026-12-01-case-insensitive-unique': caseInsensitiveUnique,
  '2026-12-01-item-duplicate-keys': itemDuplicateKeys,
  '2026-12-01-sign-in-attempts': signInAttempts,
  '2026-12-02-audit-chain-bulk-append': auditChainBulkAppend,
  '2026-12-02-write-rules': writeRules,
  '2026-12-04-planning': planning,
  '2026-12-04-query-performance': queryPerformance,
  // After the others of that day: a database that has run them takes it next.
  '2026-12-04T18-procurement': procurement,
  '2026-12-04T19-process-lines-deferred-line-key': processLinesDeferredLineKey,
  '2026-12-04T20-quantification': quantification,
  '2026-12-04T21-reconciliation': reconciliation,
  '2026-12-04T23-reconciliation-locks': reconciliationLocks,
  '2026-12-04T24-execution-import-speed': executionImportSpeed,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
