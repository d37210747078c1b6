import { sql, type Kysely } from 'kysely';
import type { SupplierAward, SupplierDto, SuppliersPage } from '../../../shared/procurement-api.ts';
import type { PageQuery, SuppliersQuery } from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

const supplierColumns = ['suppliers.id', 'suppliers.ruc', 'suppliers.name'] as const;

export async function findSupplier(db: Db, id: number): Promise<SupplierDto | undefined> {
  return db.selectFrom('suppliers').where('id', '=', id).select(supplierColumns).executeTakeFirst();
}

/** The supplier with this RUC; kept (key share) until the transaction ends, so an award can name it. */
export async function findSupplierByRuc(db: Db, ruc: string): Promise<SupplierDto | undefined> {
  return db.selectFrom('suppliers').where('ruc', '=', ruc).select(supplierColumns).forKeyShare().executeTakeFirst();
}

/** Inserts the supplier; undefined when another writer holds that RUC already (suppliers_ruc_key). */
export async function insertSupplier(db: Db, supplier: { ruc: string; name: string }): Promise<SupplierDto | undefined> {
  return db
    .insertInto('suppliers')
    .values(supplier)
    .onConflict((oc) => oc.column('ruc').doNothing())
    .returning(['id', 'ruc', 'name'])
    .executeTakeFirst();
}

/**
 * Awards that stand: a void or deserted process's lines are released, and their awards with them.
 * Money sums are numeric(14,2): exact, already with two decimals.
 */
const standingAwards = (db: Db) =>
  db
    .selectFrom('process_lines')
    .where('process_lines.supplier_id', 'is not', null)
    .where('process_lines.released', '=', false);

export async function findSuppliers(db: Db, query: SuppliersQuery): Promise<SuppliersPage> {
  const filtered = db
    .selectFrom('suppliers')
    .$if(Boolean(query.q), (qb) =>
      qb.where((eb) =>
        // By name anywhere, or by the RUC's first digits when the text is a number.
        /^\d+$/.test(query.q!)
          ? eb.or([eb(sql`fold_text(suppliers.name)`, 'like', containsPattern(query.q!)), eb('suppliers.ruc', 'like', `${query.q!}%`)])
          : eb(sql`fold_text(suppliers.name)`, 'like', containsPattern(query.q!)),
      ),
    );
  const [suppliers, count] = await Promise.all([
    filtered
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('process_lines')
            .whereRef('process_lines.supplier_id', '=', 'suppliers.id')
            .where('process_lines.released', '=', false)
            .select([sql<string>`coalesce(sum(process_lines.awarded_amount), 0.00)::text`.as('awardedTotal'), sql<number>`count(*)::int`.as('awardedLines')])
            .as('awards'),
        (join) => join.onTrue(),
      )
      .select([...supplierColumns, 'awards.awardedTotal', 'awards.awardedLines'])
      .orderBy(sql`fold_text(suppliers.name)`)
      .orderBy('suppliers.id')
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)
      .execute(),
    filtered.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { suppliers, total: count.total };
}

/** A supplier's standing awards: their total, and a page of them by programme and process. */
export async function findSupplierAwards(db: Db, supplierId: number, page: PageQuery) {
  const awards = standingAwards(db).where('process_lines.supplier_id', '=', supplierId);
  const [rows, totals] = await Promise.all([
    awards
      .innerJoin('procurement_processes as p', 'p.id', 'process_lines.process_id')
      .innerJoin('programmes', 'programmes.id', 'p.programme_id')
      .innerJoin('purchase_lines', 'purchase_lines.id', 'process_lines.purchase_line_id')
      .innerJoin('items', 'items.id', 'purchase_lines.item_id')
      .select([
        'p.id as processId',
        'p.code as processCode',
        'p.status as processStatus',
        'programmes.id as programmeId',
        'programmes.name as programmeName',
        'programmes.fiscal_year as fiscalYear',
        'process_lines.purchase_line_id as lineId',
        'items.id as itemId',
        'items.code as itemCode',
        'items.name as itemName',
        'process_lines.awarded_quantity as awardedQuantity',
        'process_lines.awarded_unit_price as awardedUnitPrice',
        'process_lines.awarded_amount as awardedAmount',
      ])
      .orderBy('programmes.fiscal_year', 'desc')
      .orderBy('p.code')
      .orderBy('items.code')
      .orderBy('process_lines.purchase_line_id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    awards
      .select([sql<string>`coalesce(sum(process_lines.awarded_amount), 0.00)::text`.as('awardedTotal'), sql<number>`count(*)::int`.as('awardedLines')])
      .executeTakeFirstOrThrow(),
  ]);
  const list = rows.map(
    (row): SupplierAward => ({
      process: { id: row.processId, code: row.processCode, status: row.processStatus },
      programme: { id: row.programmeId, name: row.programmeName, fiscalYear: row.fiscalYear },
      lineId: row.lineId,
      item: { id: row.itemId, code: row.itemCode, name: row.itemName },
      awardedQuantity: row.awardedQuantity,
      awardedUnitPrice: row.awardedUnitPrice,
      awardedAmount: row.awardedAmount,
    }),
  );
  return { awards: list, ...totals };
}
