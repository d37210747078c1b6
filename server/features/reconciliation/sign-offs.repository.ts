// Sign-offs of a programme's reconciliation (issue 13). What a sign-off covers is decided in one
// place, the database's reconciliation_sign_off_covering (db/migrations/2026-12-04T23-…), which
// the lock triggers use too.
import { sql, type Kysely } from 'kysely';
import type { Channel, Process, Segment } from '../../../shared/domain.ts';
import type { SignOffDto } from '../../../shared/reconciliation-api.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

export interface SignOffScope {
  channel: Channel;
  segment: Segment | null;
  processType: Process | null;
  processId: number | null;
}

const signOffs = (db: Db) =>
  db
    .selectFrom('reconciliation_sign_offs as s')
    .leftJoin('procurement_processes as p', 'p.id', 's.process_id')
    .select([
      's.id',
      's.programme_id as programmeId',
      's.channel',
      's.segment',
      's.process_type as processType',
      's.process_id as processId',
      'p.code as processCode',
      's.comment',
      's.planned',
      's.executed',
      's.signed_at as signedAt',
      's.signed_by_name as signedBy',
      's.reopened_at as reopenedAt',
      's.reopened_by_name as reopenedBy',
      's.reopen_comment as reopenComment',
    ]);

type SignOffRow = Awaited<ReturnType<ReturnType<typeof signOffs>['executeTakeFirstOrThrow']>>;

const toDto = (row: SignOffRow): SignOffDto => ({
  ...row,
  signedAt: row.signedAt.toISOString(),
  reopenedAt: row.reopenedAt?.toISOString() ?? null,
});

/** Every sign-off of the programme, in force or reopened, newest first. */
export async function findSignOffs(db: Db, programmeId: number): Promise<SignOffDto[]> {
  return (await signOffs(db).where('s.programme_id', '=', programmeId).orderBy('s.id', 'desc').execute()).map(toDto);
}

export async function findSignOff(db: Db, id: number, lock = false): Promise<SignOffDto | undefined> {
  const row = await signOffs(db)
    .where('s.id', '=', id)
    .$call((qb) => (lock ? qb.forUpdate('s') : qb))
    .executeTakeFirst();
  return row && toDto(row);
}

/** A sign-off in force whose scope contains, or is contained in, `scope`. */
export async function findOverlapping(db: Db, programmeId: number, scope: SignOffScope): Promise<SignOffDto | undefined> {
  const row = await signOffs(db)
    .where('s.programme_id', '=', programmeId)
    .where('s.reopened_at', 'is', null)
    .where('s.channel', '=', scope.channel)
    .where(sql<boolean>`(s.segment is null or ${scope.segment}::text is null or s.segment = ${scope.segment})`)
    .where(sql<boolean>`(s.process_type is null or ${scope.processType}::text is null or s.process_type = ${scope.processType})`)
    .where(sql<boolean>`(s.process_id is null or ${scope.processId}::integer is null or s.process_id = ${scope.processId})`)
    .orderBy('s.id')
    .executeTakeFirst();
  return row && toDto(row);
}

const covered = (programmeId: number, scope: SignOffScope) => sql<boolean>`
  l.programme_id = ${programmeId} and l.channel = ${scope.channel}
  and (${scope.segment}::text is null or l.segment = ${scope.segment})
  and (${scope.processType}::text is null or l.process = ${scope.processType})
  and (${scope.processId}::integer is null or x.process_id = ${scope.processId})
`;

/**
 * Locks the planned lines the scope covers until the transaction ends (a line write, or an
 * executed line matched into one, waits), then sums them as they stand.
 */
export async function lockAndSumCovered(db: Db, programmeId: number, scope: SignOffScope): Promise<{ planned: string; executed: string }> {
  await sql`
    select l.id from purchase_lines l left join process_lines x on x.purchase_line_id = l.id and not x.released
      where ${covered(programmeId, scope)}
      order by l.id
      for update of l
  `.execute(db);
  const { rows } = await sql<{ planned: string; executed: string }>`
    select coalesce(sum(coalesce(l.amount, 0.00)), 0.00)::numeric(20,2)::text as planned,
           coalesce(sum(ex.executed), 0.00)::numeric(20,2)::text as executed
      from purchase_lines l
      left join process_lines x on x.purchase_line_id = l.id and not x.released
      left join lateral (select sum(e.amount) as executed from executed_lines e where e.purchase_line_id = l.id) ex on true
      where ${covered(programmeId, scope)}
  `.execute(db);
  return rows[0]!;
}

export async function insertSignOff(
  db: Db,
  values: { programmeId: number; scope: SignOffScope; comment: string; planned: string; executed: string; at: Date; userId: number | null; userName: string },
): Promise<number> {
  const row = await db
    .insertInto('reconciliation_sign_offs')
    .values({
      programme_id: values.programmeId,
      channel: values.scope.channel,
      segment: values.scope.segment,
      process_type: values.scope.processType,
      process_id: values.scope.processId,
      comment: values.comment,
      planned: values.planned,
      executed: values.executed,
      signed_at: values.at,
      signed_by: values.userId,
      signed_by_name: values.userName,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function reopenSignOff(db: Db, id: number, values: { at: Date; userId: number | null; userName: string; comment: string }): Promise<void> {
  await db
    .updateTable('reconciliation_sign_offs')
    .set({ reopened_at: values.at, reopened_by: values.userId, reopened_by_name: values.userName, reopen_comment: values.comment })
    .where('id', '=', id)
    .execute();
}

export async function findProcessForSignOff(db: Db, processId: number) {
  return db
    .selectFrom('procurement_processes')
    .where('id', '=', processId)
    .select(['id', 'programme_id as programmeId', 'code', 'channel', 'segment', 'type'])
    .executeTakeFirst();
}
