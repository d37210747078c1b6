import { sql, type Kysely } from 'kysely';
import type { LineSortKey, ProgrammeDto, PurchaseLineDto } from '../../../shared/api.ts';
import type { LinesQuery } from '../../../shared/api-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { ComputedLeaf, DeclaredFigure } from '../../../shared/purchase-summary.ts';
import { containsPattern, domainOrder } from '../../../db/sql-helpers.ts';
import { channels, processes, type Channel, type Process, type Segment, type SupplyList } from '../../../shared/domain.ts';

type Db = Kysely<Database>;

const programmeColumns = ['id', 'name', 'fiscal_year as fiscalYear', 'demo', 'version'] as const;

export async function findProgrammes(db: Db): Promise<ProgrammeDto[]> {
  return db
    .selectFrom('programmes')
    .select(programmeColumns)
    .orderBy('fiscal_year', 'desc')
    .orderBy('name')
    .execute();
}

export async function findProgramme(db: Db, id: number): Promise<ProgrammeDto | undefined> {
  return db
    .selectFrom('programmes')
    .where('id', '=', id)
    .select(programmeColumns)
    .executeTakeFirst();
}

export async function insertProgramme(db: Db, programme: { name: string; fiscalYear: number; demo: boolean }): Promise<ProgrammeDto> {
  return db
    .insertInto('programmes')
    .values({ name: programme.name, fiscal_year: programme.fiscalYear, demo: programme.demo })
    .returning(programmeColumns)
    .executeTakeFirstOrThrow();
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

type LineRow = Omit<PurchaseLineDto, 'item'> & { itemId: number; code: string; name: string; supplyList: SupplyList; oncology: boolean };

const toLineDto = ({ itemId, code, name, supplyList, oncology, ...line }: LineRow): PurchaseLineDto => ({
  ...line,
  item: { id: itemId, code, name, supplyList, oncology },
});

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
  const [rows, count] = await Promise.all([
    // Sort keys are indexed (items by code and by name_key, lines by amount): with the page's
    // limit, PostgreSQL walks an index in order and joins only the rows it returns.
    filteredLines(db, programmeId, query)
      .innerJoin('items', 'items.id', 'purchase_lines.item_id')
      .select(lineColumns)
      .orderBy(sql`${lineSortColumns[query.sort]} ${sql.raw(query.order)} nulls last`)
      .orderBy('items.code')
      .orderBy('purchase_lines.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filteredLines(db, programmeId, query).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);

  return { total: count.total, lines: rows.map(toLineDto) };
}

/** Rows per insert: nine parameters each, far below PostgreSQL's 65,535 per statement. */
const LINES_PER_STATEMENT = 2000;

/** The lines with these ids, in that order. */
export async function findLinesByIds(db: Db, ids: readonly number[]): Promise<PurchaseLineDto[]> {
  const byId = new Map<number, PurchaseLineDto>();
  for (let start = 0; start < ids.length; start += LINES_PER_STATEMENT) {
    const rows = await linesWithItems(db).where('purchase_lines.id', 'in', ids.slice(start, start + LINES_PER_STATEMENT)).select(lineColumns).execute();
    for (const row of rows) byId.set(row.id, toLineDto(row));
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
