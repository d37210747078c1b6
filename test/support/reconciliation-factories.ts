// Executed lines for the reconciliation tests (issue 13), until the import's own write path
// (test/support/execution-factories.ts importTestExecutions) is merged: a batch and its lines
// written with SQL, then matched as an import matches them. Keep the signature: the lead switches
// its body to the real import.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { autoMatchExecutedLines } from '../../server/features/reconciliation/matching.repository.ts';
import type { SapExportRow } from './sap-files.ts';

export async function createTestExecutions(db: Kysely<Database>, programmeId: number, rows: readonly SapExportRow[]): Promise<{ batchId: number }> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto('execution_batches')
      .values({ programme_id: programmeId, file_name: 'prueba.csv', sha256: randomBytes(32).toString('hex'), rows: rows.length, amount: '0.00', imported_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('executed_lines')
      .values(
        rows.map((row, index) => ({
          batch_id: batch.id,
          programme_id: programmeId,
          row_number: index + 2,
          purchasing_document: row.purchasingDocument,
          item: row.item,
          document_date: row.documentDate,
          material: row.material === '' ? null : row.material,
          process_code: row.processCode ?? null,
          short_text: row.shortText ?? '',
          order_quantity: row.orderQuantity,
          order_unit: row.orderUnit ?? 'UN',
          net_price: row.netPrice,
          price_unit: row.priceUnit ?? '1',
          net_order_value: row.netOrderValue ?? null,
          currency: row.currency ?? 'PEN',
          vendor: row.vendor ?? '',
          vendor_name: row.vendorName ?? '',
          plant: row.plant ?? '',
        })),
      )
      .execute();
    await sql`update execution_batches b set amount = (select sum(amount) from executed_lines e where e.batch_id = b.id) where b.id = ${batch.id}`.execute(trx);
    await autoMatchExecutedLines(trx, programmeId, batch.id);
    return { batchId: batch.id };
  });
}
