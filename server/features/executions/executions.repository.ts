// Execution batches in the database: each import of an SAP export, its lines counted and matched.
import { sql, type Kysely } from 'kysely';
import type { ExecutionBatchDto } from '../../../shared/reconciliation-api.ts';
import type { Database } from '../../../db/schema.ts';

type Db = Kysely<Database>;

/** The programme's batches, newest first; matched: lines with a planned line. */
export async function findBatches(db: Db, programmeId: number): Promise<ExecutionBatchDto[]> {
  const rows = await db
    .selectFrom('execution_batches as b')
    .select((eb) => [
      'b.id',
      'b.file_name',
      'b.sha256',
      'b.rows',
      'b.amount',
      'b.imported_at',
      'b.imported_by_name',
      eb
        .selectFrom('executed_lines as e')
        .select(sql<number>`count(*)::int`.as('matched'))
        .whereRef('e.batch_id', '=', 'b.id')
        .where('e.purchase_line_id', 'is not', null)
        .as('matched'),
    ])
    .where('b.programme_id', '=', programmeId)
    .orderBy('b.imported_at', 'desc')
    .orderBy('b.id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    fileName: row.file_name,
    sha256: row.sha256,
    rows: row.rows,
    amount: row.amount,
    matched: row.matched ?? 0,
    importedAt: row.imported_at.toISOString(),
    importedBy: row.imported_by_name,
  }));
}

/** Deletes the batch (its lines go with it, by cascade); returns what it was, or undefined. */
export async function deleteBatch(db: Db, programmeId: number, batchId: number) {
  return db
    .deleteFrom('execution_batches')
    .where('id', '=', batchId)
    .where('programme_id', '=', programmeId)
    .returning(['id', 'file_name', 'sha256', 'rows', 'amount'])
    .executeTakeFirst();
}
