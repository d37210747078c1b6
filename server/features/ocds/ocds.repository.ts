import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { isoDate } from '../../../db/sql-helpers.ts';
import type { OcdsLineInput, OcdsProcessInput } from './ocds-release.ts';

type Db = Kysely<Database>;

/**
 * The next `limit` processes of a programme after `afterId` (keyset on the id), with when each last
 * changed status; their lines come from findProcessLines.
 */
export async function findProcessBatch(db: Db, programmeId: number, afterId: number, limit: number): Promise<Omit<OcdsProcessInput, 'lines'>[]> {
  const rows = await db
    .selectFrom('procurement_processes as p')
    .where('p.programme_id', '=', programmeId)
    .where('p.id', '>', afterId)
    .select([
      'p.id',
      'p.code',
      'p.title',
      'p.channel',
      'p.segment',
      'p.type',
      'p.status',
      isoDate('p.called_on').as('calledOn'),
      isoDate('p.awarded_on').as('awardedOn'),
      isoDate('p.contracted_on').as('contractedOn'),
      sql<Date>`coalesce((select max(c.at) from process_status_changes c where c.process_id = p.id), p.created_at)`.as('changedAt'),
    ])
    .orderBy('p.id')
    .limit(limit)
    .execute();
  // PGlite and pg both give timestamptz as a Date; a string (another driver's habit) is read as one.
  return rows.map((row) => ({ ...row, changedAt: new Date(row.changedAt) }));
}

/**
 * The lines of the given processes, by process and item code: a live process's live lines; a void
 * or deserted one's, those it had when it ended (released with it).
 */
export async function findProcessLines(db: Db, processIds: readonly number[]): Promise<(OcdsLineInput & { processId: number })[]> {
  if (processIds.length === 0) return [];
  const rows = await db
    .selectFrom('process_lines as pl')
    .innerJoin('procurement_processes as p', 'p.id', 'pl.process_id')
    .innerJoin('purchase_lines as line', 'line.id', 'pl.purchase_line_id')
    .innerJoin('items', 'items.id', 'line.item_id')
    .leftJoin('suppliers', 'suppliers.id', 'pl.supplier_id')
    .where('pl.process_id', 'in', processIds)
    .where((eb) => eb.or([eb('pl.released', '=', false), eb('p.status', 'in', ['desierto', 'nulo'])]))
    .select([
      'pl.process_id as processId',
      'pl.purchase_line_id as lineId',
      'items.code',
      'items.name',
      'items.dosage_form as dosageForm',
      'pl.quantity',
      'pl.reference_unit_price as referenceUnitPrice',
      'pl.reference_amount as referenceAmount',
      'suppliers.ruc',
      'suppliers.name as supplierName',
      'pl.awarded_unit_price as awardedUnitPrice',
      'pl.awarded_quantity as awardedQuantity',
      'pl.awarded_amount as awardedAmount',
    ])
    .orderBy('pl.process_id')
    .orderBy('items.code')
    .orderBy('pl.purchase_line_id')
    .execute();
  return rows.map(({ code, name, dosageForm, ruc, supplierName, ...line }) => ({
    ...line,
    item: { code, name, dosageForm },
    supplier: ruc === null ? null : { ruc, name: supplierName! },
  }));
}

export async function hasProcesses(db: Db, programmeId: number): Promise<boolean> {
  return Boolean(await db.selectFrom('procurement_processes').where('programme_id', '=', programmeId).select('id').limit(1).executeTakeFirst());
}
