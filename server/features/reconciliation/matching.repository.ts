// Automatic matching of executed lines to planned lines (issue 13), set-based: one statement per
// programme (or batch), whatever the number of lines. An executed line matches a planned line of
// its programme whose item has its material's code (SAP pads numeric materials with zeros:
// items.code_key and executed_lines.material_key compare without them). Where the item is planned
// on more than one line (both channels), the candidates narrow to the lines in the process the
// export names (process code), else to the process where other lines of the same purchasing
// document already matched; a line with no single candidate stays unmatched for a person to match.
// Manual matches (match_kind 'manual', including "matches none") are never touched.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';

/** Matches the programme's executed lines not matched by hand (of one batch, when given); returns how many are matched. */
export async function autoMatchExecutedLines(db: Kysely<Database>, programmeId: number, batchId?: number): Promise<number> {
  const inBatch = batchId === undefined ? sql`true` : sql`e.batch_id = ${batchId}`;
  const result = await sql<{ matched: string }>`
    with pending as (
      select e.id, e.material_key, e.process_code, e.document_key
        from executed_lines e
        where e.programme_id = ${programmeId} and e.match_kind is distinct from 'manual' and ${inBatch}
    ),
    candidates as (
      select p.id as executed_id, l.id as line_id, pr.code as process_code, pr.id as process_id
        from pending p
        join items i on i.code_key = p.material_key
        join purchase_lines l on l.programme_id = ${programmeId} and l.item_id = i.id
        left join process_lines x on x.purchase_line_id = l.id and not x.released
        left join procurement_processes pr on pr.id = x.process_id
    ),
    -- The processes a document is already in, through its lines matched elsewhere (by hand or alone).
    document_processes as (
      select distinct e.document_key, x.process_id
        from executed_lines e
        join process_lines x on x.purchase_line_id = e.purchase_line_id and not x.released
        where e.programme_id = ${programmeId} and e.purchase_line_id is not null
    ),
    counted as (
      select c.*, count(*) over (partition by c.executed_id) as options,
             count(*) filter (where p.process_code is not null and lower(c.process_code) = lower(p.process_code)) over (partition by c.executed_id) as by_code,
             count(*) filter (where d.process_id is not null) over (partition by c.executed_id) as by_document,
             (p.process_code is not null and lower(c.process_code) = lower(p.process_code)) as code_fits,
             (d.process_id is not null) as document_fits
        from candidates c
        join pending p on p.id = c.executed_id
        left join document_processes d on d.document_key = p.document_key and d.process_id = c.process_id
    ),
    chosen as (
      select executed_id, line_id from counted
        where options = 1 or (by_code = 1 and code_fits) or (by_code = 0 and by_document = 1 and document_fits)
    ),
    cleared as (
      update executed_lines e set purchase_line_id = chosen.line_id, match_kind = 'auto', matched_by = null, matched_at = null
        from pending p left join chosen on chosen.executed_id = p.id
        where e.id = p.id and chosen.line_id is not null
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
