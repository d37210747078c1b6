import { sql, type Kysely } from 'kysely';
import type { LineSortKey, ProgrammeDto, PurchaseLineDto } from '../../../shared/api.ts';
import type { LinesQuery } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { ComputedLeaf, DeclaredFigure } from '../../../shared/purchase-summary.ts';
import { containsPattern, domainOrder } from '../../../db/sql-helpers.ts';
import { channels, processes, type BudgetCategory, type Channel, type Process, type ProgrammeStatus, type Segment, type SupplyList } from '../../../shared/domain.ts';

type Db = Kysely<Database>;

function programmesWithSource(db: Db) {
  return db.selectFrom('programmes').leftJoin('programmes as source', 'source.id', 'programmes.source_programme_id');
}

const programmeColumns = [
  'programmes.id',
  'programmes.name',
  'programmes.fiscal_year as fiscalYear',
  'programmes.demo',
  'programmes.status',
  'programmes.version',
  'source.id as sourceId',
  'source.name as sourceName',
] as const;

type ProgrammeRow = Omit<ProgrammeDto, 'source'> & { sourceId: number | null; sourceName: string | null };

const toProgrammeDto = ({ sourceId, sourceName, ...programme }: ProgrammeRow): ProgrammeDto => ({
  ...programme,
  source: sourceId === null ? null : { id: sourceId, name: sourceName! },
});

export async function findProgrammes(db: Db): Promise<ProgrammeDto[]> {
  const rows = await programmesWithSource(db)
    .select(programmeColumns)
    .orderBy('programmes.fiscal_year', 'desc')
    .orderBy('programmes.name')
    .execute();
  return rows.map(toProgrammeDto);
}

export async function findProgramme(db: Db, id: number): Promise<ProgrammeDto | undefined> {
  const row = await programmesWithSource(db).where('programmes.id', '=', id).select(programmeColumns).executeTakeFirst();
  return row && toProgrammeDto(row);
}

export async function insertProgramme(
  db: Db,
  programme: { name: string; fiscalYear: number; demo: boolean; sourceProgrammeId?: number | null },
): Promise<number> {
  const { id } = await db
    .insertInto('programmes')
    .values({ name: programme.name, fiscal_year: programme.fiscalYear, demo: programme.demo, source_programme_id: programme.sourceProgrammeId ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const lineSortColumns = {
  code: sql`items.code`,
  name: sql`items.name_key`,
  channel: domainOrder('purchase_lines.channel', channels),
  process: domainOrder('purchase_lines.process', processes),
  quantity: sql`purchase_lines.quantity`,
  unitPrice: sql`purchase_lines.unit_price`,
  amount: sql`purchase_lines.amount`,
} satisfies Record<LineSortKey, unknown>;

function linesWithItems(db: Db) {
  return db.selectFrom('purchase_lines').innerJoin('items', 'items.id', 'purchase_lines.item_id');
}

const lineColumns = [
  'purchase_lines.id',
  'items.id as itemId',
  'items.code',
  'items.name',
  'items.supply_list as supplyList',
  'items.oncology',
  'purchase_lines.channel',
  'purchase_lines.segment',
  'purchase_lines.process',
  'purchase_lines.quantity',
  'purchase_lines.unit_price as unitPrice',
  'purchase_lines.amount',
  'purchase_lines.version',
] as const;

type LineRow = Omit<PurchaseLineDto, 'item' | 'procurementProcess'> & { itemId: number; code: string; name: string; supplyList: SupplyList; oncology: boolean };
type LineProcess = PurchaseLineDto['procurementProcess'];

const toLineDto = ({ itemId, code, name, supplyList, oncology, ...line }: LineRow, procurementProcess: LineProcess): PurchaseLineDto => ({
  ...line,
  item: { id: itemId, code, name, supplyList, oncology },
  procurementProcess,
});

/** The live process (not released) of each of these lines that is in one: one index lookup per line. */
async function findLiveProcesses(db: Db, lineIds: readonly number[]): Promise<Map<number, NonNullable<LineProcess>>> {
  if (lineIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('process_lines')
    .innerJoin('procurement_processes', 'procurement_processes.id', 'process_lines.process_id')
    .where('process_lines.purchase_line_id', 'in', lineIds)
    .where('process_lines.released', '=', false)
    .select(['process_lines.purchase_line_id as lineId', 'procurement_processes.id', 'procurement_processes.code', 'procurement_processes.status'])
    .execute();
  return new Map(rows.map(({ lineId, ...process }) => [lineId, process]));
}

/** Lines as the API gives them: each with its live process. */
async function toLineDtos(db: Db, rows: readonly LineRow[]): Promise<PurchaseLineDto[]> {
  const processes = await findLiveProcesses(db, rows.map((row) => row.id));
  return rows.map((row) => toLineDto(row, processes.get(row.id) ?? null));
}

/**
 * The programme's lines passing the filters, on purchase_lines alone: the search reads items
 * through a semi-join, so counting joins nothing it does not need.
 */
function filteredLines(db: Db, programmeId: number, query: LinesQuery) {
  return db
    .selectFrom('purchase_lines')
    .where('purchase_lines.programme_id', '=', programmeId)
    .$if(query.channel !== undefined, (qb) => qb.where('purchase_lines.channel', '=', query.channel!))
    .$if(query.segment !== undefined, (qb) => qb.where('purchase_lines.segment', '=', query.segment!))
    .$if(query.process !== undefined, (qb) => qb.where('purchase_lines.process', '=', query.process!))
    .$if(Boolean(query.q), (qb) =>
      qb.where('purchase_lines.item_id', 'in', (eb) =>
        eb.selectFrom('items').where(sql<boolean>`items.search_text like ${containsPattern(query.q!)}`).select('items.id'),
      ),
    );
}

export async function findLines(
  db: Db,
  programmeId: number,
  query: LinesQuery,
): Promise<{ lines: PurchaseLineDto[]; total: number }> {
  const [lines, count] = await Promise.all([
    // Sort keys are indexed (items by code and by name_key, lines by amount): with the page's
    // limit, PostgreSQL walks an index in order and joins only the rows it returns; their
    // processes are looked up for that page alone.
    filteredLines(db, programmeId, query)
      .innerJoin('items', 'items.id', 'purchase_lines.item_id')
      .select(lineColumns)
      .orderBy(sql`${lineSortColumns[query.sort]} ${sql.raw(query.order)} nulls last`)
      .orderBy('items.code')
      .orderBy('purchase_lines.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute()
      .then((rows) => toLineDtos(db, rows)),
    filteredLines(db, programmeId, query).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);

  return { total: count.total, lines };
}

/** Rows per insert: nine parameters each, far below PostgreSQL's 65,535 per statement. */
const LINES_PER_STATEMENT = 2000;

/** The lines with these ids, in that order. */
export async function findLinesByIds(db: Db, ids: readonly number[]): Promise<PurchaseLineDto[]> {
  const byId = new Map<number, PurchaseLineDto>();
  for (let start = 0; start < ids.length; start += LINES_PER_STATEMENT) {
    const rows = await linesWithItems(db).where('purchase_lines.id', 'in', ids.slice(start, start + LINES_PER_STATEMENT)).select(lineColumns).execute();
    for (const line of await toLineDtos(db, rows)) byId.set(line.id, line);
  }
  return ids.map((id) => byId.get(id)!);
}

export interface LineRowInput {
  itemId: number;
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
}

/** Inserts the lines of one programme in few statements; returns their ids in the order given. */
export async function insertLines(db: Db, programmeId: number, lines: readonly LineRowInput[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < lines.length; start += LINES_PER_STATEMENT) {
    const rows = await db
      .insertInto('purchase_lines')
      .values(
        lines.slice(start, start + LINES_PER_STATEMENT).map((line) => ({
          programme_id: programmeId,
          item_id: line.itemId,
          channel: line.channel,
          segment: line.segment,
          process: line.process,
          quantity: line.quantity,
          unit_price: line.unitPrice,
          amount: line.amount,
        })),
      )
      .returning(['id', 'item_id', 'channel'])
      .execute();
    // One line per item and channel in a programme (purchase_lines_item_per_channel): the key finds each id.
    const idByKey = new Map(rows.map((row) => [`${row.item_id}/${row.channel}`, row.id]));
    ids.push(...lines.slice(start, start + LINES_PER_STATEMENT).map((line) => idByKey.get(`${line.itemId}/${line.channel}`)!));
  }
  return ids;
}

/**
 * Which of these ids are items of the formulary. Those found stay until the transaction ends (key
 * share lock): deleting one meanwhile waits, then finds it in a line and is refused.
 */
export async function findExistingItemIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('items').where('id', 'in', unique).select('id').forKeyShare().execute();
  return new Set(rows.map((row) => row.id));
}

export async function sumLinesByLeaf(db: Db, programmeId: number): Promise<ComputedLeaf[]> {
  return db
    .selectFrom('purchase_lines')
    .where('programme_id', '=', programmeId)
    .select([
      'channel',
      'segment',
      'process',
      sql<number>`count(*)::int`.as('items'),
      // numeric(14,2) sums keep two decimals, so the string is already canonical.
      sql<string | null>`sum(amount)::text`.as('amount'),
    ])
    .groupBy(['channel', 'segment', 'process'])
    .execute();
}

export async function findDeclaredPurchases(db: Db, programmeId: number) {
  return db
    .selectFrom('declared_figures')
    .innerJoin('source_documents', 'source_documents.id', 'declared_figures.source_document_id')
    .where('declared_figures.scope', '=', 'purchases')
    .where('declared_figures.programme_id', '=', programmeId)
    .select([
      'declared_figures.channel',
      'declared_figures.segment',
      'declared_figures.process',
      'declared_figures.items',
      'declared_figures.amount',
      'source_documents.id as sourceId',
      'source_documents.title as sourceTitle',
      'source_documents.reference as sourceReference',
    ])
    .execute() as Promise<(DeclaredFigure & { sourceId: number; sourceTitle: string; sourceReference: string })[]>;
}

// ---- Planning writes (issue 11) ----------------------------------------------------------------

/**
 * Locks the programme row until the transaction ends: `share` for a line write (many at once;
 * a status change waits for them), `update` for a change of the programme itself.
 */
export async function lockProgramme(db: Db, id: number, mode: 'share' | 'update'): Promise<ProgrammeDto | undefined> {
  const row = await programmesWithSource(db)
    .where('programmes.id', '=', id)
    .select(programmeColumns)
    // Only the programme's row: its source (the outer join's nullable side) cannot be locked.
    .$call((qb) => (mode === 'share' ? qb.forShare('programmes') : qb.forNoKeyUpdate('programmes')))
    .executeTakeFirst();
  return row && toProgrammeDto(row);
}

export async function updateProgrammeRow(
  db: Db,
  id: number,
  version: number,
  changes: { name?: string; fiscalYear?: number; status?: ProgrammeStatus },
): Promise<boolean> {
  const result = await db
    .updateTable('programmes')
    .set({
      ...(changes.name === undefined ? {} : { name: changes.name }),
      ...(changes.fiscalYear === undefined ? {} : { fiscal_year: changes.fiscalYear }),
      ...(changes.status === undefined ? {} : { status: changes.status }),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteProgrammeRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('programmes').where('id', '=', id).execute();
}

/** Copies every line of one programme into another in one statement; amounts as they are. */
export async function copyLines(db: Db, fromId: number, toId: number): Promise<number> {
  const result = await db
    .insertInto('purchase_lines')
    .columns(['programme_id', 'item_id', 'channel', 'segment', 'process', 'quantity', 'unit_price', 'amount'])
    .expression(
      db
        .selectFrom('purchase_lines')
        .where('programme_id', '=', fromId)
        .select([
          sql<number>`${toId}::int`.as('programme_id'),
          'item_id',
          'channel',
          'segment',
          'process',
          'quantity',
          'unit_price',
          'amount',
        ])
        .orderBy('id'),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

/** Lines' count and total amount, for the audit row of a copy. */
export async function countLines(db: Db, programmeId: number): Promise<{ lines: number; amount: string | null }> {
  return db
    .selectFrom('purchase_lines')
    .where('programme_id', '=', programmeId)
    .select([sql<number>`count(*)::int`.as('lines'), sql<string | null>`sum(amount)::text`.as('amount')])
    .executeTakeFirstOrThrow();
}

/** The line and the programme it is in, locked until the transaction ends. */
export async function lockLine(db: Db, lineId: number): Promise<{ programmeId: number; line: PurchaseLineDto } | undefined> {
  const row = await linesWithItems(db)
    .where('purchase_lines.id', '=', lineId)
    .select([...lineColumns, 'purchase_lines.programme_id as programmeId'])
    .forUpdate('purchase_lines')
    .executeTakeFirst();
  if (!row) return undefined;
  const { programmeId, ...line } = row;
  const [dto] = await toLineDtos(db, [line]);
  return { programmeId, line: dto! };
}

export interface LineChanges {
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unitPrice: string | null;
  amount: string | null;
}

/** Writes the line made on `version`; false when it is at another version (or gone). */
export async function updateLineRow(db: Db, lineId: number, version: number, line: LineChanges): Promise<boolean> {
  const result = await db
    .updateTable('purchase_lines')
    .set({
      channel: line.channel,
      segment: line.segment,
      process: line.process,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      amount: line.amount,
    })
    .where('id', '=', lineId)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteLineRows(db: Db, lineIds: readonly number[]): Promise<number> {
  let deleted = 0;
  for (let start = 0; start < lineIds.length; start += LINES_PER_STATEMENT) {
    const result = await db.deleteFrom('purchase_lines').where('id', 'in', lineIds.slice(start, start + LINES_PER_STATEMENT)).executeTakeFirst();
    deleted += Number(result.numDeletedRows);
  }
  return deleted;
}

/** Which programme each of these lines is in (lines that do not exist are absent), locked until the transaction ends. */
export async function lockLinesOf(db: Db, lineIds: readonly number[]): Promise<Map<number, number>> {
  const programmeOf = new Map<number, number>();
  for (let start = 0; start < lineIds.length; start += LINES_PER_STATEMENT) {
    const rows = await db
      .selectFrom('purchase_lines')
      .where('id', 'in', lineIds.slice(start, start + LINES_PER_STATEMENT))
      .select(['id', 'programme_id'])
      .orderBy('id')
      .forUpdate()
      .execute();
    for (const row of rows) programmeOf.set(row.id, row.programme_id);
  }
  return programmeOf;
}

/** The ids of a programme's lines for these items, locked in id order (so concurrent writers queue, never deadlock). */
export async function lockLineIdsOfItems(db: Db, programmeId: number, itemIds: readonly number[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < itemIds.length; start += LINES_PER_STATEMENT) {
    const rows = await db
      .selectFrom('purchase_lines')
      .where('programme_id', '=', programmeId)
      .where('item_id', 'in', itemIds.slice(start, start + LINES_PER_STATEMENT))
      .select('id')
      .orderBy('id')
      .forUpdate()
      .execute();
    ids.push(...rows.map((row) => row.id));
  }
  return ids;
}

/** The ids of a programme's lines as the lines list filters them, locked until the transaction ends. */
export async function lockFilteredLineIds(
  db: Db,
  programmeId: number,
  filter: { channel?: Channel; segment?: Segment; process?: Process; q?: string },
): Promise<number[]> {
  const rows = await db
    .selectFrom('purchase_lines')
    .where('purchase_lines.programme_id', '=', programmeId)
    .$if(filter.channel !== undefined, (qb) => qb.where('purchase_lines.channel', '=', filter.channel!))
    .$if(filter.segment !== undefined, (qb) => qb.where('purchase_lines.segment', '=', filter.segment!))
    .$if(filter.process !== undefined, (qb) => qb.where('purchase_lines.process', '=', filter.process!))
    .$if(Boolean(filter.q), (qb) =>
      qb.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('items')
            .whereRef('items.id', '=', 'purchase_lines.item_id')
            .where(sql<boolean>`items.search_text like ${containsPattern(filter.q!)}`)
            .select('items.id'),
        ),
      ),
    )
    .select('purchase_lines.id')
    .orderBy('purchase_lines.id')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

/** Sets channel / segment / process on many lines in one statement per chunk. */
export async function setLinesFields(
  db: Db,
  lineIds: readonly number[],
  set: { channel?: Channel; segment?: Segment | null; process?: Process },
): Promise<void> {
  for (let start = 0; start < lineIds.length; start += LINES_PER_STATEMENT) {
    await db
      .updateTable('purchase_lines')
      .set({
        ...(set.channel === undefined ? {} : { channel: set.channel }),
        ...(set.segment === undefined ? {} : { segment: set.segment }),
        ...(set.process === undefined ? {} : { process: set.process }),
      })
      .where('id', 'in', lineIds.slice(start, start + LINES_PER_STATEMENT))
      .execute();
  }
}

/** Which of these items are in the formulary and active (kept until the transaction ends). */
export async function findActiveItemIds(db: Db, ids: readonly number[]): Promise<{ existing: Set<number>; active: Set<number> }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { existing: new Set(), active: new Set() };
  const rows = await db.selectFrom('items').where('id', 'in', unique).select(['id', 'active']).forKeyShare().execute();
  return { existing: new Set(rows.map((row) => row.id)), active: new Set(rows.filter((row) => row.active).map((row) => row.id)) };
}

/** The programme's planned amount per budget category of its lines' items. */
export async function sumAmountsByBudgetCategory(db: Db, programmeId: number): Promise<Map<BudgetCategory, string>> {
  const rows = await linesWithItems(db)
    .where('purchase_lines.programme_id', '=', programmeId)
    .select(['items.budget_category as category', sql<string>`coalesce(sum(purchase_lines.amount), 0.00)::text`.as('amount')])
    .groupBy('items.budget_category')
    .execute();
  return new Map(rows.map((row) => [row.category, row.amount]));
}
