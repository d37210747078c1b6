import { sql, type Insertable, type Kysely } from 'kysely';
import type { AuditQuery } from '../../shared/auth-schemas.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

export type AuditRowInsert = Omit<Insertable<Database['audit_log']>, 'prev_hash' | 'hash'>;

/** The database chains the row onto the trail (trigger audit_log_chain). */
export async function insertAuditRow(db: Db, row: AuditRowInsert): Promise<void> {
  await db.insertInto('audit_log').values(row).execute();
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
      .orderBy('id', 'desc')
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
      .$if(before !== undefined, (qb) => qb.where('id', '<', before!))
      .select(auditColumns)
      .orderBy('id', 'desc')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    before = rows.at(-1)!.id;
  }
}

/**
 * Recomputes the whole chain inside the database: the first row whose hash, or whose link to
 * the row before, does not hold.
 */
export async function findFirstBrokenLink(db: Db): Promise<{ brokenAt: string | null; rows: number }> {
  const { rows } = await sql<{ rows: number; broken_at: string | null }>`
    select
      (select count(*)::int from audit_log) as rows,
      (select id from (
        select id, prev_hash, hash,
          lag(hash, 1, repeat('0', 64)) over (order by id) as expected_prev,
          audit_log_hash(prev_hash, audit_log_content(audit_log)) as recomputed
        from audit_log
      ) chain
      where prev_hash <> expected_prev or hash <> recomputed
      order by id
      limit 1) as broken_at
  `.execute(db);
  return { rows: rows[0]!.rows, brokenAt: rows[0]!.broken_at };
}

/** The newest row's id and hash. */
export function findHead(db: Db) {
  return db.selectFrom('audit_log').select(['id', 'hash']).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function findHash(db: Db, id: number): Promise<string | undefined> {
  return (await db.selectFrom('audit_log').select('hash').where('id', '=', String(id)).executeTakeFirst())?.hash;
}

export type AuditRow = Awaited<ReturnType<typeof findAuditRows>>['rows'][number];
