// Automatic matching of executed lines to planned lines (issue 13), set-based: one statement per
// programme (or batch), whatever the number of lines. An executed line matches a planned line of
// its programme whose item has its material's code (SAP pads numeric materials with zeros:
// items.code_key and executed_lines.material_key compare without them). Where the item is planned
// on more than one line (both channels), the candidates narrow to the lines in the process the
// export names (process code), else to the process where other lines of the same purchasing
// document already matched; a line with no single candidate stays unmatched for a person to match.
// Manual matches (match_kind 'manual', including "matches none") are never touched, nor lines
// matched to planned lines under a sign-off in force (locked: the database would refuse it).
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

/**
 * The choice, as CTEs ending in `chosen (executed_id, line_id)`: the planned line each executed
 * line of `pending` (a CTE of the caller's: id, material_key, process_code, document_key)
 * matches. `matchedBefore` (document_key, purchase_line_id) are the programme's lines matched
 * outside this pass. One builder for the import (over its staging lines, before they are
 * inserted) and for rematching lines already stored.
 */
export function matchChoice(programmeId: number, matchedBefore: RawBuilder<unknown>) {
  return sql`
    candidates as (
      select p.id as executed_id, p.document_key, l.id as line_id, x.process_id,
             (p.process_code is not null and lower(pr.code) = lower(p.process_code)) as code_fits
        from pending p
        join items i on i.code_key = p.material_key
        join purchase_lines l on l.programme_id = ${programmeId} and l.item_id = i.id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        left join procurement_processes pr on pr.id = x.process_id
    ),
    counted as (
      select c.*, count(*) over same as options, count(*) filter (where code_fits) over same as by_code
        from candidates c window same as (partition by c.executed_id)
    ),
    -- A single candidate, or the one in the process the export names.
    sure as (
      select executed_id, document_key, line_id, process_id from counted where options = 1 or (by_code = 1 and code_fits)
    ),
    -- The processes a document is in: through its lines matched before (by hand, or signed off),
    -- or matched surely in this pass.
    document_processes as (
      select m.document_key, x.process_id
        from (${matchedBefore}) m
        join process_lines x on x.purchase_line_id = m.purchase_line_id and not x.released
      union
      select document_key, process_id from sure where process_id is not null
    ),
    -- Else the one candidate in such a process (none is sure: several options, none by code).
    by_document as (
      select c.executed_id, c.line_id, count(*) over (partition by c.executed_id) as fits
        from counted c
        join document_processes d on d.document_key = c.document_key and d.process_id = c.process_id
        where c.options > 1 and c.by_code = 0
    ),
    chosen as (
      select executed_id, line_id from sure
      union all
      select executed_id, line_id from by_document where fits = 1
    )
  `;
}

/**
 * Matches the programme's executed lines not matched by hand (of one batch, or one line, when
 * given); returns how many are matched.
 */
export async function autoMatchExecutedLines(db: Kysely<Database>, programmeId: number, batchId?: number, lineId?: string): Promise<number> {
  // Many lines: planned on current statistics. Those a bulk import or the last rematch left
  // (purchase_line_id all null, a batch unknown) make the joins below nested loops, quadratic.
  if (lineId === undefined) await sql`analyze executed_lines`.execute(db);
  const inBatch = batchId === undefined ? sql`true` : sql`e.batch_id = ${batchId}`;
  const onLine = lineId === undefined ? sql`true` : sql`e.id = ${lineId}`;
  // Pending: not matched by hand, in scope, not matched to a locked line. Said of `e` itself, so
  // that the lines matched outside this pass are its negation, not an anti-join with pending.
  const inScope = sql`e.match_kind is distinct from 'manual' and ${inBatch} and ${onLine}`;
  const matchedBefore = sql`
    select e.document_key, e.purchase_line_id from executed_lines e
      where e.programme_id = ${programmeId} and e.purchase_line_id is not null
        and (not (${inScope}) or e.purchase_line_id in (select id from locked))`;
  const result = await sql<{ matched: string }>`
    with locked as (
      select l.id from purchase_lines l left join process_lines x on x.purchase_line_id = l.id and not x.released
        where l.programme_id = ${programmeId}
          and exists (select 1 from reconciliation_sign_offs s where s.programme_id = ${programmeId} and s.reopened_at is null)
          and reconciliation_sign_off_covering(l.programme_id, l.channel, l.segment, l.process, x.process_id) is not null
    ),
    pending as (
      select e.id, e.material_key, e.process_code, e.document_key
        from executed_lines e
        where e.programme_id = ${programmeId} and ${inScope}
          and (e.purchase_line_id is null or e.purchase_line_id not in (select id from locked))
    ),
    ${matchChoice(programmeId, matchedBefore)},
    cleared as (
      update executed_lines e set purchase_line_id = chosen.line_id, match_kind = 'auto', matched_by = null, matched_at = null
        from chosen
        where e.id = chosen.executed_id
          and (e.purchase_line_id is distinct from chosen.line_id or e.match_kind is distinct from 'auto')
        returning e.id
    ),
    unset as (
      update executed_lines e set purchase_line_id = null, match_kind = null
        from pending p
        where e.id = p.id and e.match_kind = 'auto' and not exists (select 1 from chosen where chosen.executed_id = p.id)
        returning e.id
    )
    select (select count(*) from chosen) as matched
  `.execute(db);
  return Number(result.rows[0]?.matched ?? 0);
}

// ---- Executed lines, as the reconciliation lists and matches them by hand ----------------------

export interface ExecutedLinesFilter {
  matched?: boolean;
  batchId?: number;
  q?: string;
}

const executedColumns = sql`
  e.id::text as id, e.batch_id, e.row_number, e.purchasing_document, e.item, to_char(e.document_date, 'YYYY-MM-DD') as document_date,
  e.material, e.process_code, e.short_text, e.order_quantity::text as order_quantity, e.order_unit, e.net_price::text as net_price,
  e.price_unit::text as price_unit, e.unit_price::text as unit_price, e.amount::text as amount, e.net_order_value::text as net_order_value,
  e.vendor, e.vendor_name, e.plant, e.purchase_line_id, e.match_kind, e.version
`;

export interface ExecutedRow {
  id: string;
  batch_id: number;
  row_number: number;
  purchasing_document: string;
  item: string;
  document_date: string;
  material: string | null;
  process_code: string | null;
  short_text: string;
  order_quantity: string;
  order_unit: string;
  net_price: string;
  price_unit: string;
  unit_price: string;
  amount: string;
  net_order_value: string | null;
  vendor: string;
  vendor_name: string;
  plant: string;
  purchase_line_id: number | null;
  match_kind: 'auto' | 'manual' | null;
  version: number;
}

function executedConditions(programmeId: number, filter: ExecutedLinesFilter) {
  const conditions = [sql`e.programme_id = ${programmeId}`];
  if (filter.matched === true) conditions.push(sql`e.purchase_line_id is not null`);
  if (filter.matched === false) conditions.push(sql`e.purchase_line_id is null`);
  if (filter.batchId !== undefined) conditions.push(sql`e.batch_id = ${filter.batchId}`);
  if (filter.q) {
    const pattern = containsPattern(filter.q);
    conditions.push(sql`(fold_text(e.purchasing_document || ' ' || coalesce(e.material, '') || ' ' || e.short_text) like ${pattern})`);
  }
  return sql.join(conditions, sql` and `);
}

/** A page of executed lines, batch by batch in file order. */
export async function findExecutedLines(
  db: Kysely<Database>,
  programmeId: number,
  filter: ExecutedLinesFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: ExecutedRow[]; total: number }> {
  const where = executedConditions(programmeId, filter);
  const [{ rows }, count] = await Promise.all([
    sql<ExecutedRow>`select ${executedColumns} from executed_lines e where ${where}
      order by e.batch_id, e.row_number limit ${page.limit} offset ${page.offset}`.execute(db),
    sql<{ n: number }>`select count(*)::int as n from executed_lines e where ${where}`.execute(db),
  ]);
  return { rows, total: count.rows[0]!.n };
}

/** Executed lines after `afterId` (keyset, by id), for the workbook's streamed sheets. */
export async function findExecutedLinesAfter(db: Kysely<Database>, programmeId: number, filter: ExecutedLinesFilter, afterId: string, limit: number) {
  const { rows } = await sql<ExecutedRow>`select ${executedColumns} from executed_lines e
    where ${executedConditions(programmeId, filter)} and e.id > ${afterId} order by e.id limit ${limit}`.execute(db);
  return rows;
}

export interface CandidateRow {
  executed_id: string;
  line_id: number;
  channel: Channel;
  segment: Segment | null;
  process: Process;
  process_code: string | null;
  quantity: string | null;
  amount: string | null;
  /** Of the executed lines already matched to it. */
  executed: string;
}

/** The planned lines of the programme each executed line could match: its material's item. */
export async function findCandidates(db: Kysely<Database>, programmeId: number, executedIds: readonly string[]): Promise<CandidateRow[]> {
  if (executedIds.length === 0) return [];
  const { rows } = await sql<CandidateRow>`
    select e.id::text as executed_id, l.id as line_id, l.channel, l.segment, l.process, pr.code as process_code,
           l.quantity::text as quantity, l.amount::text as amount,
           (select coalesce(sum(m.amount), 0)::numeric(18,2)::text from executed_lines m where m.purchase_line_id = l.id) as executed
      from executed_lines e
      join items i on i.code_key = e.material_key
      join purchase_lines l on l.programme_id = ${programmeId} and l.item_id = i.id
      left join process_lines x on x.purchase_line_id = l.id and not x.released
      left join procurement_processes pr on pr.id = x.process_id
      where e.programme_id = ${programmeId} and e.id in (${sql.join(executedIds)})
      order by e.id, l.channel, l.id
  `.execute(db);
  return rows;
}

export async function findExecutedLine(db: Kysely<Database>, programmeId: number, id: string, lock = false): Promise<ExecutedRow | undefined> {
  const { rows } = await sql<ExecutedRow>`select ${executedColumns} from executed_lines e
    where e.programme_id = ${programmeId} and e.id = ${id} ${lock ? sql`for update` : sql``}`.execute(db);
  return rows[0];
}

/** A manual match (lineId null: "matches none"), or back to automatic (`manual` false: unmatched until autoMatch). */
export async function setMatch(
  db: Kysely<Database>,
  id: string,
  version: number,
  match: { manual: true; lineId: number | null; userId: number | null; at: Date } | { manual: false },
): Promise<boolean> {
  const result = await db
    .updateTable('executed_lines')
    .set(
      match.manual
        ? { purchase_line_id: match.lineId, match_kind: 'manual', matched_by: match.userId, matched_at: match.at }
        : { purchase_line_id: null, match_kind: null, matched_by: null, matched_at: null },
    )
    .where('id', '=', id as never)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function plannedLineProgramme(db: Kysely<Database>, lineId: number): Promise<number | undefined> {
  return (await db.selectFrom('purchase_lines').where('id', '=', lineId).select('programme_id').forKeyShare().executeTakeFirst())?.programme_id;
}
