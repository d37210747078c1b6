import type { Kysely } from 'kysely';
import type { SupplierDetail, SupplierDto, SuppliersPage } from '../../../shared/procurement-api.ts';
import { supplierCreateSchema, type PageQuery, type SupplierCreateInput, type SuppliersQuery } from '../../../shared/procurement-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { ConflictProblem, InvalidValueProblem, NotFoundProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import * as repository from './suppliers.repository.ts';

type Db = Kysely<Database>;

export const listSuppliers = (db: Db, query: SuppliersQuery): Promise<SuppliersPage> => repository.findSuppliers(db, query);

export async function getSupplier(db: Db, id: number, page: PageQuery): Promise<SupplierDetail> {
  const [supplier, awards] = await Promise.all([repository.findSupplier(db, id), repository.findSupplierAwards(db, id, page)]);
  if (!supplier) throw new NotFoundProblem(`No existe el proveedor ${id}.`, 'id');
  return { ...supplier, awardedTotal: awards.awardedTotal, awardedLines: awards.awardedLines, awards: awards.awards, totalAwards: awards.awardedLines };
}

/** A new supplier (POST /api/suppliers); a RUC already registered is a 409 naming `ruc` and its holder. */
export async function createSupplier(db: Db, context: AuditContext, now: Date, input: SupplierCreateInput): Promise<SupplierDto> {
  const supplier = parseRequest(supplierCreateSchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    const created = await insertAudited(tx, supplier);
    if (created) return created;
    const holder = (await repository.findSupplierByRuc(tx.trx, supplier.ruc))!;
    throw new ConflictProblem(`El RUC ${holder.ruc} ya es del proveedor «${holder.name}».`, 'ruc');
  });
}

async function insertAudited(tx: AuditedTransaction, supplier: { ruc: string; name: string }): Promise<SupplierDto | undefined> {
  const created = await repository.insertSupplier(tx.trx, supplier);
  if (created) tx.audit.push({ action: 'create', entity: 'supplier', entityId: created.id, after: created });
  return created;
}

/**
 * The supplier an award names by RUC: the one registered, or a new one with `name` (required
 * then: 422 naming supplierName). Two awards creating the same RUC at once: the second reuses
 * the first's (the insert yields on the unique RUC and the lookup then sees it).
 */
export async function supplierForAward(tx: AuditedTransaction, ruc: string, name: string | undefined): Promise<SupplierDto> {
  const existing = await repository.findSupplierByRuc(tx.trx, ruc);
  if (existing) return existing;
  if (name === undefined) {
    throw new InvalidValueProblem([{ field: 'supplierName', in: 'body', message: `El RUC ${ruc} no está registrado: indique el nombre del proveedor.` }]);
  }
  return (await insertAudited(tx, { ruc, name })) ?? (await repository.findSupplierByRuc(tx.trx, ruc))!;
}
