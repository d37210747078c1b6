import { sql, type Kysely } from 'kysely';
import type { AuditQuery } from '../../shared/auth-schemas.ts';
import type { Database } from '../../db/schema.ts';

type Db = Kysely<Database>;

/** Any constant: it serialises appends so each row chains onto the one before it. */
const AUDIT_APPEND_LOCK = 4_1_2011;

export async function lockAndReadLastHash(db: Db): Promise<string | undefined> {
  await sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`.execute(db);
  const last = await db.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return last?.hash;
}

export interface AuditRowInsert {
  at: Date;
  user_id: number | null;
  username: string | null;
  action: Database['audit_log']['action'];
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string | null;
  client_address: string | null;
  prev_hash: string;
  hash: string;
}

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
  'prev_hash',
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

/** The whole chain in order, in batches, for verification. */
export async function* streamChain(db: Db, batchSize = 10_000) {
  let after = '0';
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .where('id', '>', after)
      .select(auditColumns)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows.at(-1)!.id;
  }
}

export type AuditRow = Awaited<ReturnType<typeof findAuditRows>>['rows'][number];
