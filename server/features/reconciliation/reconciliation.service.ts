// The reconciliation of a programme (issue 13): declared, planned and executed side by side, by
// channel, segment (MINSA), process type and process, within a tolerance; its lines; the tolerance.
import type { Kysely } from 'kysely';
import { channels, processes, segments, type Channel, type Process, type Segment } from '../../../shared/domain.ts';
import type {
  ReconciliationLineDto,
  ReconciliationLinesPage,
  ReconciliationRow,
  ReconciliationSummary,
  SignOffDto,
  ToleranceDto,
  VarianceFigures,
} from '../../../shared/reconciliation-api.ts';
import type { z } from 'zod';
import { reconciliationLinesQuerySchema, toleranceBodySchema } from '../../../shared/reconciliation-schemas.ts';
import { variance, type Tolerance } from '../../../shared/reconciliation.ts';
import type { Database } from '../../../db/schema.ts';
import { NotFoundProblem, StaleVersionProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { auditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { lockProgramme } from '../programmes/programmes.repository.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import * as repository from './reconciliation.repository.ts';
import { findSignOffs } from './sign-offs.repository.ts';

type Db = Kysely<Database>;
export type LinesQuery = z.output<typeof reconciliationLinesQuerySchema>;

// ---- Tolerance ---------------------------------------------------------------------------------

export async function getTolerance(db: Db, programmeId: number): Promise<ToleranceDto> {
  const row = await repository.findTolerance(db, programmeId);
  return row ? { amount: row.amount, percent: row.percent, version: row.version } : { amount: '0.00', percent: '0.00', version: 0 };
}

export async function readTolerance(db: Db, programmeId: number): Promise<ToleranceDto> {
  await requireProgramme(db, programmeId);
  return getTolerance(db, programmeId);
}

/** Sets the programme's tolerance read at `version` (0: none yet); 409 with the current one otherwise. */
export async function setTolerance(db: Db, context: AuditContext, now: Date, programmeId: number, input: unknown): Promise<ToleranceDto> {
  const { version, ...tolerance } = parseRequest(toleranceBodySchema, input, 'body');
  const canonical: Tolerance = { amount: toCents(tolerance.amount), percent: tolerance.percent };
  return auditedTransaction(db, context, now, async (tx) => {
    if (!(await lockProgramme(tx.trx, programmeId, 'share'))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
    const before = await getTolerance(tx.trx, programmeId);
    if (before.version !== version) throw new StaleVersionProblem(before);
    if (version === 0) await repository.insertTolerance(tx.trx, programmeId, canonical);
    else if (!(await repository.updateTolerance(tx.trx, programmeId, version, canonical))) throw new StaleVersionProblem(await getTolerance(tx.trx, programmeId));
    const after = await getTolerance(tx.trx, programmeId);
    tx.audit.push({ action: version === 0 ? 'create' : 'update', entity: 'reconciliation_tolerance', entityId: programmeId, before: version === 0 ? null : before, after });
    return after;
  });
}

/** "12.5" → "12.50": the schema allows up to two decimals; the database keeps two. */
const toCents = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
};

// ---- Summary -----------------------------------------------------------------------------------

interface Scope {
  channel: Channel;
  segment: Segment | null;
  processType: Process | null;
  processId: number | null;
}

/** The sign-off in force over a node: its own, or an ancestor's (never a descendant's). */
export function signOffOver(signOffs: readonly SignOffDto[], level: ReconciliationRow['level'], node: Scope): SignOffDto | null {
  const depth = { channel: 0, segment: 1, type: 2, process: 3 }[level];
  return (
    signOffs.find(
      (s) =>
        s.reopenedAt === null &&
        s.channel === node.channel &&
        (s.segment === null || s.segment === node.segment) &&
        (s.processType === null || (depth >= 2 && s.processType === node.processType)) &&
        (s.processId === null || (depth === 3 && s.processId === node.processId)),
    ) ?? null
  );
}

const indexOf = <T>(list: readonly T[], value: T | null) => (value === null ? list.length : list.indexOf(value));

export async function reconciliationSummary(db: Db, programmeId: number): Promise<ReconciliationSummary> {
  const programme = await requireProgramme(db, programmeId);
  const tolerance = await getTolerance(db, programmeId);
  const [aggregate, declared, processRows, signOffs, batches] = await Promise.all([
    repository.aggregateReconciliation(db, programmeId, tolerance),
    repository.findDeclared(db, programmeId),
    repository.findProcesses(db, programmeId),
    findSignOffs(db, programmeId),
    repository.countBatches(db, programmeId),
  ]);
  const declaredOf = (channel: Channel | null, segment: Segment | null, type: Process | null) =>
    declared.find((d) => d.channel === channel && d.segment === segment && d.process === type)?.amount ?? null;
  const figures = (row: repository.AggregateRow, declaredAmount: string | null): VarianceFigures => ({
    declared: declaredAmount,
    planned: row.planned,
    executed: row.executed,
    ...variance(row.planned, row.executed, tolerance),
    plannedLines: row.planned_lines,
    executedLines: row.executed_lines,
    unexecutedLines: row.unexecuted,
    linesOutsideTolerance: row.outside,
  });
  const processById = new Map(processRows.map((process) => [process.id, process]));
  const processOrder = new Map(processRows.map((process, index) => [process.id, index]));

  const levels = { 7: 'channel', 3: 'segment', 1: 'type', 0: 'process' } as const;
  const nodes = aggregate
    .filter((row) => row.g in levels && !(row.g === 3 && row.channel !== 'minsa_corporate'))
    .map((row) => ({ row, level: levels[row.g as keyof typeof levels] }));
  // Depth first: a node's key sorts it after its ancestors and before its next sibling.
  const key = ({ row, level }: (typeof nodes)[number]) => [
    indexOf(channels, row.channel),
    level === 'channel' ? -1 : indexOf(segments, row.segment),
    level === 'channel' || level === 'segment' ? -1 : indexOf(processes, row.type),
    level === 'process' ? (row.process_id === null ? processRows.length : processOrder.get(row.process_id)!) : -1,
  ];
  nodes.sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return 0;
  });

  const rows: ReconciliationRow[] = nodes.map(({ row, level }) => {
    const channel = row.channel!;
    const segment = level === 'channel' ? null : row.segment;
    const processType = level === 'type' || level === 'process' ? row.type : null;
    const process = level === 'process' && row.process_id !== null ? processById.get(row.process_id)! : null;
    return {
      level,
      channel,
      segment,
      processType,
      process: process && { id: process.id, code: process.code, title: process.title, status: process.status },
      ...figures(row, level === 'process' ? null : declaredOf(channel, segment, processType)),
      signOff: signOffOver(signOffs, level, { channel, segment, processType, processId: row.process_id }),
    };
  });
  const totals = aggregate.find((row) => row.g === 15)!;
  const unmatched = aggregate.find((row) => row.g === -1)!;
  return {
    programme: { id: programme.id, name: programme.name, fiscalYear: programme.fiscalYear, status: programme.status },
    tolerance,
    rows,
    totals: figures(totals, declaredOf(null, null, null)),
    unmatched: { planned: totals.unexecuted, executed: unmatched.executed_lines, executedAmount: unmatched.executed },
    batches,
    signOffs,
  };
}

// ---- Lines -------------------------------------------------------------------------------------

export function toLineDto(row: repository.LineRow, tolerance: Tolerance): ReconciliationLineDto {
  return {
    lineId: row.id,
    item: { id: row.item_id, code: row.item_code, name: row.item_name },
    channel: row.channel,
    segment: row.segment,
    processType: row.process,
    process: row.process_id === null ? null : { id: row.process_id, code: row.process_code! },
    plannedQuantity: row.quantity,
    plannedUnitPrice: row.unit_price,
    planned: row.planned,
    executed: row.executed,
    ...variance(row.planned, row.executed, tolerance),
    executedQuantity: row.executed_quantity,
    executedLines: row.executed_lines,
    signOffId: row.sign_off_id,
  };
}

export async function reconciliationLines(db: Db, programmeId: number, query: LinesQuery): Promise<ReconciliationLinesPage> {
  await requireProgramme(db, programmeId);
  const tolerance = await getTolerance(db, programmeId);
  const { sort, limit, offset, ...filter } = query;
  const { rows, total } = await repository.findLines(db, programmeId, tolerance, filter, { sort, limit, offset });
  return { lines: rows.map((row) => toLineDto(row, tolerance)), total };
}
