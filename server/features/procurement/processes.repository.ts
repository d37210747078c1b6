// Processes, their status history and the planned lines in them. Dates are selected with
// to_char (both drivers read a date as a local-midnight Date); money sums are numeric(14,2), exact.
import { sql, type Kysely } from 'kysely';
import type { ProcessDto, ProcessLineDto, ProcessStatusChange } from '../../../shared/procurement-api.ts';
import type { PageQuery, ProcessesQuery } from '../../../shared/procurement-schemas.ts';
import type { ProcessStatus } from '../../../shared/procurement.ts';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern, isoDate } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

/** Each process with the exact sums of its lines (one aggregate row per process). */
function processesWithFigures(db: Db) {
  return db
    .selectFrom('procurement_processes as p')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom('process_lines')
          .whereRef('process_lines.process_id', '=', 'p.id')
          .select([
            sql<number>`count(*)::int`.as('lines'),
            sql<string | null>`sum(process_lines.reference_amount)::text`.as('reference'),
            // A void or deserted process awarded nothing: its lines' awards, kept on record, do not stand.
            sql<string | null>`(sum(process_lines.awarded_amount) filter (where not process_lines.released))::text`.as('awarded'),
            sql<string | null>`(sum(process_lines.reference_amount) filter (where process_lines.supplier_id is not null and not process_lines.released))::text`.as('awardedReference'),
            sql<number>`(count(*) filter (where process_lines.supplier_id is null or process_lines.released))::int`.as('unawardedLines'),
          ])
          .as('figures'),
      (join) => join.onTrue(),
    )
    .select([
      'p.id',
      'p.programme_id as programmeId',
      'p.code',
      'p.title',
      'p.channel',
      'p.segment',
      'p.type',
      'p.status',
      isoDate('p.called_on').as('calledOn'),
      isoDate('p.awarded_on').as('awardedOn'),
      isoDate('p.contracted_on').as('contractedOn'),
      'figures.lines',
      'figures.reference',
      'figures.awarded',
      'figures.awardedReference',
      'figures.unawardedLines',
      'p.version',
    ]);
}

export async function findProcess(db: Db, id: number): Promise<ProcessDto | undefined> {
  return processesWithFigures(db).where('p.id', '=', id).executeTakeFirst();
}

export async function findProcesses(db: Db, programmeId: number, query: ProcessesQuery): Promise<{ processes: ProcessDto[]; total: number }> {
  const filtered = db
    .selectFrom('procurement_processes as p')
    .where('p.programme_id', '=', programmeId)
    .$if(query.status !== undefined, (qb) => qb.where('p.status', '=', query.status!))
    .$if(Boolean(query.q), (qb) =>
      qb.where((eb) => eb.or([eb(sql`fold_text(p.code)`, 'like', containsPattern(query.q!)), eb(sql`fold_text(p.title)`, 'like', containsPattern(query.q!))])),
    );
  const [page, count] = await Promise.all([
    filtered
      .select('p.id')
      // As procurement_processes_code_unique keys them, so that index serves the order.
      .orderBy(sql`lower(btrim(p.code))`)
      .orderBy('p.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  const ids = page.map((row) => row.id);
  const rows = ids.length === 0 ? [] : await processesWithFigures(db).where('p.id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { processes: ids.map((id) => byId.get(id)!), total: count.total };
}

export interface ProcessRow {
  id: number;
  programmeId: number;
  code: string;
  channel: Channel;
  segment: Segment | null;
  type: Process;
  status: ProcessStatus;
  version: number;
}

/**
 * The process's row, locked until the transaction ends: `share` for a write of its lines (many
 * at once; a status change waits for them), `update` for a change of the process itself.
 */
export async function lockProcess(db: Db, id: number, mode: 'share' | 'update'): Promise<ProcessRow | undefined> {
  return db
    .selectFrom('procurement_processes')
    .where('id', '=', id)
    .select(['id', 'programme_id as programmeId', 'code', 'channel', 'segment', 'type', 'status', 'version'])
    .$call((qb) => (mode === 'share' ? qb.forShare() : qb.forNoKeyUpdate()))
    .executeTakeFirst();
}

export async function findProgrammeOfProcess(db: Db, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('procurement_processes').where('id', '=', id).select('programme_id').executeTakeFirst();
  return row?.programme_id;
}

export async function insertProcess(
  db: Db,
  process: { programmeId: number; code: string; title: string; channel: Channel; segment: Segment | null; type: Process },
): Promise<number> {
  const { id } = await db
    .insertInto('procurement_processes')
    .values({
      programme_id: process.programmeId,
      code: process.code,
      title: process.title,
      channel: process.channel,
      segment: process.segment,
      type: process.type,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export interface ProcessChanges {
  code?: string;
  title?: string;
  status?: ProcessStatus;
  calledOn?: string | null;
  awardedOn?: string | null;
  contractedOn?: string | null;
}

/** Writes the process made on `version`; false when it is at another version. */
export async function updateProcessRow(db: Db, id: number, version: number, changes: ProcessChanges): Promise<boolean> {
  const result = await db
    .updateTable('procurement_processes')
    .set({
      ...(changes.code === undefined ? {} : { code: changes.code }),
      ...(changes.title === undefined ? {} : { title: changes.title }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
      ...(changes.calledOn === undefined ? {} : { called_on: changes.calledOn }),
      ...(changes.awardedOn === undefined ? {} : { awarded_on: changes.awardedOn }),
      ...(changes.contractedOn === undefined ? {} : { contracted_on: changes.contractedOn }),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertStatusChange(
  db: Db,
  change: { processId: number; from: ProcessStatus | null; to: ProcessStatus; at: Date; user: { id: number; username: string } | undefined },
): Promise<void> {
  await db
    .insertInto('process_status_changes')
    .values({
      process_id: change.processId,
      from_status: change.from,
      to_status: change.to,
      at: change.at,
      user_id: change.user?.id ?? null,
      username: change.user?.username ?? null,
    })
    .execute();
}

export async function findStatusChanges(db: Db, processId: number): Promise<ProcessStatusChange[]> {
  const rows = await db
    .selectFrom('process_status_changes')
    .where('process_id', '=', processId)
    .select(['from_status as from', 'to_status as to', 'at', 'username as user'])
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}

/** Lines of the process with an award that stands (what `adjudicado` needs). */
export async function countAwardedLines(db: Db, processId: number): Promise<number> {
  const row = await db
    .selectFrom('process_lines')
    .where('process_id', '=', processId)
    .where('supplier_id', 'is not', null)
    .select(sql<number>`count(*)::int`.as('awarded'))
    .executeTakeFirstOrThrow();
  return row.awarded;
}

/** A void or deserted process lets its lines go: kept on record, free for another process. */
export async function releaseLines(db: Db, processId: number): Promise<number> {
  const result = await db.updateTable('process_lines').set({ released: true }).where('process_id', '=', processId).where('released', '=', false).executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- Lines in a process ------------------------------------------------------------------------

function processLines(db: Db) {
  return db
    .selectFrom('process_lines')
    .innerJoin('purchase_lines', 'purchase_lines.id', 'process_lines.purchase_line_id')
    .innerJoin('items', 'items.id', 'purchase_lines.item_id')
    .leftJoin('suppliers', 'suppliers.id', 'process_lines.supplier_id')
    .select([
      'process_lines.purchase_line_id as lineId',
      'items.id as itemId',
      'items.code as itemCode',
      'items.name as itemName',
      'process_lines.quantity',
      'purchase_lines.unit_price as plannedUnitPrice',
      'purchase_lines.amount as plannedAmount',
      'process_lines.reference_unit_price as referenceUnitPrice',
      'process_lines.reference_amount as referenceAmount',
      'suppliers.id as supplierId',
      'suppliers.ruc as supplierRuc',
      'suppliers.name as supplierName',
      'process_lines.awarded_unit_price as awardedUnitPrice',
      'process_lines.awarded_quantity as awardedQuantity',
      'process_lines.awarded_amount as awardedAmount',
      'process_lines.version',
    ]);
}

type ProcessLineRow = Awaited<ReturnType<ReturnType<typeof processLines>['executeTakeFirstOrThrow']>>;

const toProcessLineDto = ({ itemId, itemCode, itemName, supplierId, supplierRuc, supplierName, ...line }: ProcessLineRow): ProcessLineDto => ({
  lineId: line.lineId,
  item: { id: itemId, code: itemCode, name: itemName },
  quantity: line.quantity,
  plannedUnitPrice: line.plannedUnitPrice,
  plannedAmount: line.plannedAmount,
  referenceUnitPrice: line.referenceUnitPrice,
  referenceAmount: line.referenceAmount,
  supplier: supplierId === null ? null : { id: supplierId, ruc: supplierRuc!, name: supplierName! },
  awardedUnitPrice: line.awardedUnitPrice,
  awardedQuantity: line.awardedQuantity,
  awardedAmount: line.awardedAmount,
  version: line.version,
});

export async function findProcessLines(db: Db, processId: number, page: PageQuery): Promise<{ lines: ProcessLineDto[]; total: number }> {
  const [rows, count] = await Promise.all([
    processLines(db)
      .where('process_lines.process_id', '=', processId)
      .orderBy('items.code')
      .orderBy('process_lines.purchase_line_id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    db.selectFrom('process_lines').where('process_id', '=', processId).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { lines: rows.map(toProcessLineDto), total: count.total };
}

export async function findProcessLine(db: Db, processId: number, lineId: number): Promise<ProcessLineDto | undefined> {
  const row = await processLines(db)
    .where('process_lines.process_id', '=', processId)
    .where('process_lines.purchase_line_id', '=', lineId)
    .executeTakeFirst();
  return row && toProcessLineDto(row);
}

/** The process line, locked until the transaction ends. */
export async function lockProcessLine(db: Db, processId: number, lineId: number): Promise<ProcessLineDto | undefined> {
  const row = await processLines(db)
    .where('process_lines.process_id', '=', processId)
    .where('process_lines.purchase_line_id', '=', lineId)
    .forUpdate('process_lines')
    .executeTakeFirst();
  return row && toProcessLineDto(row);
}

/** A planned line as an assignment checks it. */
export interface PlannedLineRow {
  id: number;
  programmeId: number;
  itemCode: string;
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unitPrice: string | null;
  /** Its live process, if it is in one. */
  liveProcessId: number | null;
  liveProcessCode: string | null;
}

/**
 * The planned lines with these ids, locked (no key update) in id order until the transaction
 * ends: two assignments of one line queue here, and the second sees the first's process.
 */
export async function lockPlannedLines(db: Db, lineIds: readonly number[]): Promise<Map<number, PlannedLineRow>> {
  const locked = await db
    .selectFrom('purchase_lines')
    .where('id', 'in', lineIds)
    .select('id')
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
  if (locked.length === 0) return new Map();
  // Read after the lock, in a statement of its own: its snapshot holds what a process that
  // assigned a line meanwhile committed (a lock wait re-reads the locked row, not the joined ones).
  const rows = await db
    .selectFrom('purchase_lines')
    .innerJoin('items', 'items.id', 'purchase_lines.item_id')
    .leftJoin('process_lines', (join) =>
      join.onRef('process_lines.purchase_line_id', '=', 'purchase_lines.id').on('process_lines.released', '=', false),
    )
    .leftJoin('procurement_processes', 'procurement_processes.id', 'process_lines.process_id')
    .where('purchase_lines.id', 'in', locked.map((row) => row.id))
    .select([
      'purchase_lines.id',
      'purchase_lines.programme_id as programmeId',
      'items.code as itemCode',
      'purchase_lines.channel',
      'purchase_lines.segment',
      'purchase_lines.process',
      'purchase_lines.quantity',
      'purchase_lines.unit_price as unitPrice',
      'procurement_processes.id as liveProcessId',
      'procurement_processes.code as liveProcessCode',
    ])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

export async function insertProcessLines(
  db: Db,
  processId: number,
  lines: readonly { lineId: number; quantity: string | null; referenceUnitPrice: string | null; referenceAmount: string | null }[],
): Promise<void> {
  if (lines.length === 0) return;
  await db
    .insertInto('process_lines')
    .values(
      lines.map((line) => ({
        process_id: processId,
        purchase_line_id: line.lineId,
        quantity: line.quantity,
        reference_unit_price: line.referenceUnitPrice,
        reference_amount: line.referenceAmount,
      })),
    )
    .execute();
}

export interface ProcessLineChanges {
  referenceUnitPrice: string | null;
  referenceAmount: string | null;
  supplierId: number | null;
  awardedUnitPrice: string | null;
  awardedQuantity: string | null;
  awardedAmount: string | null;
}

/** Writes the process line made on `version`; false when it is at another version. */
export async function updateProcessLineRow(db: Db, processId: number, lineId: number, version: number, line: ProcessLineChanges): Promise<boolean> {
  const result = await db
    .updateTable('process_lines')
    .set({
      reference_unit_price: line.referenceUnitPrice,
      reference_amount: line.referenceAmount,
      supplier_id: line.supplierId,
      awarded_unit_price: line.awardedUnitPrice,
      awarded_quantity: line.awardedQuantity,
      awarded_amount: line.awardedAmount,
    })
    .where('process_id', '=', processId)
    .where('purchase_line_id', '=', lineId)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteProcessLine(db: Db, processId: number, lineId: number): Promise<void> {
  await db.deleteFrom('process_lines').where('process_id', '=', processId).where('purchase_line_id', '=', lineId).execute();
}

/** The processes (live or ended) holding any of these planned lines, for a delete refused by process_lines_purchase_line_id_fkey. */
export async function findProcessesOfLines(db: Db, lineIds: readonly number[]): Promise<{ lineId: number; code: string; released: boolean }[]> {
  if (lineIds.length === 0) return [];
  return db
    .selectFrom('process_lines')
    .innerJoin('procurement_processes', 'procurement_processes.id', 'process_lines.process_id')
    .where('process_lines.purchase_line_id', 'in', lineIds)
    .select(['process_lines.purchase_line_id as lineId', 'procurement_processes.code', 'process_lines.released'])
    .orderBy('process_lines.purchase_line_id')
    .execute();
}
