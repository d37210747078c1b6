import { sql, type Insertable, type Kysely } from 'kysely';
import type { AuditQuery } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

export type AuditRowInsert = Omit<Insertable<Database['audit_log']>, 'prev_hash' | 'hash'>;

/** Rows per statement: ten parameters each, well under PostgreSQL's 65,535 per statement. */
const ROWS_PER_INSERT = 2000;

/** The database chains each row onto the trail, in the order given (trigger audit_log_chain). */
export async function insertAuditRows(db: Db, rows: readonly AuditRowInsert[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    await db.insertInto('audit_log').values(rows.slice(start, start + ROWS_PER_INSERT)).execute();
  }
}

const auditColumns = [
  'id',
  'at',
  'user_id',
  'username',
  'action',
  'entity',
  'entity_id',
  'before',
  'after',
  'request_id',
  'client_address',
  'hash',
] as const;

/** Peru keeps UTC−5 all year: a date filter means that calendar day in Lima. */
const limaMidnight = (date: string) => new Date(`${date}T00:00:00-05:00`);

function filtered(db: Db, query: Omit<AuditQuery, 'page' | 'pageSize'>) {
  return db
    .selectFrom('audit_log')
    .$if(query.userId !== undefined, (qb) => qb.where('user_id', '=', query.userId!))
    .$if(query.entity !== undefined, (qb) => qb.where('entity', '=', query.entity!))
    .$if(query.entityId !== undefined, (qb) => qb.where('entity_id', '=', query.entityId!))
    .$if(query.action !== undefined, (qb) => qb.where('action', '=', query.action!))
    .$if(query.from !== undefined, (qb) => qb.where('at', '>=', limaMidnight(query.from!)))
    .$if(query.to !== undefined, (qb) =>
      qb.where('at', '<', new Date(limaMidnight(query.to!).getTime() + 24 * 3600_000)),
    );
}

export async function findAuditRows(db: Db, query: AuditQuery) {
  const [rows, count] = await Promise.all([
    filtered(db, query)
      .select(auditColumns)
      .orderBy('position', 'desc')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered(db, query).select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.total };
}

/** Matching rows in pages of `batchSize`, newest first, for exports. */
export async function* streamAuditRows(db: Db, query: Omit<AuditQuery, 'page' | 'pageSize'>, batchSize = 5000) {
  let before: string | undefined;
  for (;;) {
    const rows = await filtered(db, query)
      .$if(before !== undefined, (qb) => qb.where('position', '<', before!))
      .select([...auditColumns, 'position'])
      .orderBy('position', 'desc')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    before = rows.at(-1)!.position;
  }
}

/**
 * Recomputes the whole chain inside the database, in one snapshot: walking by position, the first
 * row whose position is not the next one, whose link to the row before or whose own hash does not
 * hold; failing that, a head that does not agree with the last row (rows removed from, or added
 * to, the end behind the trigger's back). Also the last row, which the head names.
 */
export async function findFirstBrokenLink(
  db: Db,
): Promise<{ brokenAt: string | null; rows: number; last: { id: string; hash: string } | null }> {
  const { rows } = await sql<{ rows: number; broken_at: string | null; last_id: string | null; last_hash: string | null }>`
    select
      (select count(*)::int from audit_log) as rows,
      coalesce(
        (select id from (
          select id, position, prev_hash, hash,
            row_number() over (order by position) as expected_position,
            lag(hash, 1, repeat('0', 64)) over (order by position) as expected_prev,
            audit_log_hash(prev_hash, audit_log_content(audit_log)) as recomputed
          from audit_log
        ) chain
        where position <> expected_position or prev_hash <> expected_prev or hash <> recomputed
        order by position
        limit 1),
        case
          when head.position is not distinct from coalesce(last.position, 0)
            and head.hash is not distinct from coalesce(last.hash, repeat('0', 64)) then null
          -- A row past the head, or else the last row, which the chain should end on.
          else coalesce((select id from audit_log where position = head.position + 1), last.id, 0)
        end
      ) as broken_at,
      last.id as last_id,
      last.hash as last_hash
    from (select 1) one
      left join audit_chain_head head on true
      left join lateral (select id, position, hash from audit_log order by position desc limit 1) last on true
  `.execute(db);
  const row = rows[0]!;
  return { rows: row.rows, brokenAt: row.broken_at, last: row.last_id === null ? null : { id: row.last_id, hash: row.last_hash! } };
}

export async function findHash(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('audit_log').select('hash').where('id', '=', String(id)).executeTakeFirst())?.hash;
}

export type AuditRow = Awaited<ReturnType<typeof findAuditRows>>['rows'][number];
