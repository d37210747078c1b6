// What a programme's processes saved against their reference value, summed in SQL (numeric, exact).
// Only awards that stand count: a line without one, or released by a void or deserted process, is
// counted apart, never as a zero.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import type { ProcessStatus } from '../../../shared/procurement.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

/** Reference and awarded sums of the awarded lines, and the lines with and without an award. */
export interface Sums {
  reference: string;
  awarded: string;
  awardedLines: number;
  unawardedLines: number;
}

const awarded = sql`(pl.supplier_id is not null and not pl.released)`;

const sums = {
  reference: sql<string>`coalesce(sum(pl.reference_amount) filter (where ${awarded}), 0.00)::text`,
  awarded: sql<string>`coalesce(sum(pl.awarded_amount) filter (where ${awarded}), 0.00)::text`,
  awardedLines: sql<number>`(count(*) filter (where ${awarded}))::int`,
  // count(pl.process_id): a process without lines has none, awarded or not.
  unawardedLines: sql<number>`(count(pl.process_id) filter (where not ${awarded}))::int`,
};

const sumColumns = sql.join([
  sql`${sums.reference} as reference`,
  sql`${sums.awarded} as awarded`,
  sql`${sums.awardedLines} as "awardedLines"`,
  sql`${sums.unawardedLines} as "unawardedLines"`,
]);

function grouped<Row>(db: Db, programmeId: number, key: RawBuilder<unknown> | null) {
  return sql<Row>`
    select ${key === null ? sql`` : sql`${key}, `}${sumColumns}
    from procurement_processes p left join process_lines pl on pl.process_id = p.id
    where p.programme_id = ${programmeId}
    ${key === null ? sql`` : sql`group by ${key}`}`.execute(db);
}

export async function sumByType(db: Db, programmeId: number) {
  return (await grouped<Sums & { type: Process }>(db, programmeId, sql.ref('p.type'))).rows;
}

export async function sumByChannel(db: Db, programmeId: number) {
  return (await grouped<Sums & { channel: Channel }>(db, programmeId, sql.ref('p.channel'))).rows;
}

export async function sumProgramme(db: Db, programmeId: number): Promise<Sums> {
  return (await grouped<Sums>(db, programmeId, null)).rows[0]!;
}

export interface ProcessSums extends Sums {
  processId: number;
  code: string;
  type: Process;
  channel: Channel;
  segment: Segment | null;
  status: ProcessStatus;
}

/** A page of the programme's processes, by code, each with its sums. */
export async function sumByProcess(db: Db, programmeId: number, page: { page: number; pageSize: number }): Promise<{ rows: ProcessSums[]; total: number }> {
  const [rows, count] = await Promise.all([
    sql<ProcessSums>`
      select p.id as "processId", p.code, p.type, p.channel, p.segment, p.status, figures.*
      from (select * from procurement_processes where programme_id = ${programmeId}
            order by lower(btrim(code)), id limit ${page.pageSize} offset ${(page.page - 1) * page.pageSize}) p
      cross join lateral (select ${sumColumns} from process_lines pl where pl.process_id = p.id) figures
      order by lower(btrim(p.code)), p.id`.execute(db),
    db.selectFrom('procurement_processes').where('programme_id', '=', programmeId).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.rows, total: count.total };
}
