// Process rules per fiscal year (issue 12): common goods ("bienes comunes") go by reverse auction,
// and a process's reference value stays within its type's bounds. Admin writes them; a programme's
// lines and processes that break them are flagged, never blocked.
import type { Kysely } from 'kysely';
import { processes, type Process } from '../../../shared/domain.ts';
import { formatMoney } from '../../../shared/money.ts';
import type { ProcessRulesDto, RuleViolation, RuleViolationsPage } from '../../../shared/procurement-api.ts';
import { processRulesPutSchema, type ProcessRulesPut, type RuleViolationsQuery } from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { StaleVersionProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { auditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { findRules, findViolations, insertRules, replaceThresholds, updateRules, type ViolationRow } from './process-rules.repository.ts';

type Db = Kysely<Database>;

/** A year without rules of its own: nothing is flagged. */
const defaultRules = (fiscalYear: number): ProcessRulesDto => ({ fiscalYear, commonGoodsByReverseAuction: false, thresholds: [], version: null });

export async function getRules(db: Db, fiscalYear: number): Promise<ProcessRulesDto> {
  return (await findRules(db, fiscalYear)) ?? defaultRules(fiscalYear);
}

const sameRules = (a: ProcessRulesDto, b: Pick<ProcessRulesDto, 'commonGoodsByReverseAuction' | 'thresholds'>) =>
  a.commonGoodsByReverseAuction === b.commonGoodsByReverseAuction && JSON.stringify(a.thresholds) === JSON.stringify(b.thresholds);

/**
 * PUT /api/process-rules/:fiscalYear: without `version` it creates the year's rules, with it it
 * replaces that version. Rules changed or created by someone else meanwhile are not overwritten:
 * 409 with the rules as they are.
 */
export async function putRules(
  db: Db,
  context: AuditContext,
  now: Date,
  fiscalYear: number,
  input: ProcessRulesPut,
): Promise<{ rules: ProcessRulesDto; created: boolean }> {
  const { version, commonGoodsByReverseAuction, thresholds: given } = parseRequest(processRulesPutSchema, input, 'body');
  const processOrder = (type: Process) => processes.indexOf(type);
  // Stored and compared in the domain's order of types, whatever order they came in.
  const thresholds = [...given].sort((a, b) => processOrder(a.type) - processOrder(b.type));
  return auditedTransaction(db, context, now, async (tx) => {
    const before = await findRules(tx.trx, fiscalYear, { forUpdate: true });
    const current = async () => (await findRules(tx.trx, fiscalYear)) ?? defaultRules(fiscalYear);
    if (!before) {
      if (version !== undefined || !(await insertRules(tx.trx, fiscalYear, commonGoodsByReverseAuction))) {
        throw new StaleVersionProblem(await current());
      }
      await replaceThresholds(tx.trx, fiscalYear, thresholds);
      const after = (await findRules(tx.trx, fiscalYear))!;
      tx.audit.push({ action: 'create', entity: 'process_rules', entityId: fiscalYear, after });
      return { rules: after, created: true };
    }
    if (version !== before.version) throw new StaleVersionProblem(before);
    if (sameRules(before, { commonGoodsByReverseAuction, thresholds })) return { rules: before, created: false };
    if (!(await updateRules(tx.trx, fiscalYear, version, commonGoodsByReverseAuction))) throw new StaleVersionProblem(await current());
    await replaceThresholds(tx.trx, fiscalYear, thresholds);
    const after = (await findRules(tx.trx, fiscalYear))!;
    tx.audit.push({ action: 'update', entity: 'process_rules', entityId: fiscalYear, before, after });
    return { rules: after, created: false };
  });
}

/** GET /api/programmes/:id/rule-violations: a page of what breaks its fiscal year's rules. */
export async function listRuleViolations(db: Db, programmeId: number, query: RuleViolationsQuery): Promise<RuleViolationsPage> {
  await requireProgramme(db, programmeId);
  const { rows, total } = await findViolations(db, programmeId, {
    lineIds: query.lineIds,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  return { violations: rows.map(toViolation), total };
}

function toViolation(row: ViolationRow): RuleViolation {
  return { rule: row.rule, reason: reasonOf(row), lineId: row.lineId, processId: row.processId, subject: row.subject };
}

/** How a reason names a process type, after "por" or "para". */
const typeInReason: Record<Process, string> = {
  reverse_auction: 'subasta inversa',
  conventional: 'proceso convencional',
  unscheduled: 'compra no programada',
};

/** The reason, in Spanish, with the figures an officer checks it by. */
function reasonOf(row: ViolationRow): string {
  const type = typeInReason[row.process];
  switch (row.rule) {
    case 'common_good_reverse_auction':
      return (
        `El ítem ${row.subject} es bien común (ficha ${row.sheet}) y su línea va por ${type}` +
        `${row.processCode === null ? '' : ` (proceso ${row.processCode})`}, no por subasta inversa`
      );
    case 'threshold_min':
      return `El valor referencial del proceso ${row.subject} (${formatMoney(row.reference!)}) está por debajo del mínimo para ${type} (${formatMoney(row.bound!)})`;
    case 'threshold_max':
      return `El valor referencial del proceso ${row.subject} (${formatMoney(row.reference!)}) supera el máximo para ${type} (${formatMoney(row.bound!)})`;
  }
}
