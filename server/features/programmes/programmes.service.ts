import type { Kysely } from 'kysely';
import type { LinesPage, ProgrammeDto, ProgrammeSummary, PurchaseLineDto } from '../../../shared/api.ts';
import type { LinesQuery } from '../../../shared/api-schemas.ts';
import { lineAmount } from '../../../shared/money.ts';
import { buildProgrammeSummary } from '../../../shared/purchase-summary.ts';
import { addLinesInputSchema, programmeInputSchema, type AddLinesInput, type ProgrammeInput } from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { NotFoundProblem, ValidationProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import * as repository from './programmes.repository.ts';

type Db = Kysely<Database>;

export const listProgrammes = (db: Db) => repository.findProgrammes(db);

export async function requireProgramme(db: Db, id: number): Promise<ProgrammeDto> {
  const programme = await repository.findProgramme(db, id);
  if (!programme) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
  return programme;
}

// The programme is looked up alongside the reads: for one that does not exist they find nothing.
export async function listLines(db: Db, id: number, query: LinesQuery): Promise<LinesPage> {
  const [, page] = await Promise.all([requireProgramme(db, id), repository.findLines(db, id, query)]);
  return page;
}

export async function summarizeProgramme(db: Db, id: number): Promise<ProgrammeSummary> {
  const [, leaves, declared] = await Promise.all([
    requireProgramme(db, id),
    repository.sumLinesByLeaf(db, id),
    repository.findDeclaredPurchases(db, id),
  ]);
  const source = declared[0];
  return {
    ...buildProgrammeSummary(leaves, declared),
    source: source ? { id: source.sourceId, title: source.sourceTitle, reference: source.sourceReference } : null,
  };
}

/** Only the demo seed marks a programme as demo data; the API never does. */
export interface ProgrammeOptions {
  demo?: boolean;
}

/** A new, empty purchase programme. Its name is unique (programmes_name_key). */
export async function createProgramme(
  db: Db,
  context: AuditContext,
  now: Date,
  input: ProgrammeInput,
  options: ProgrammeOptions = {},
): Promise<ProgrammeDto> {
  return auditedTransaction(db, context, now, (tx) => createProgrammeInTransaction(tx, input, options));
}

export async function createProgrammeInTransaction(
  tx: AuditedTransaction,
  input: ProgrammeInput,
  { demo = false }: ProgrammeOptions = {},
): Promise<ProgrammeDto> {
  const programme = await repository.insertProgramme(tx.trx, { ...parseRequest(programmeInputSchema, input, 'body'), demo });
  tx.audit.push({ action: 'create', entity: 'programme', entityId: programme.id, after: programme });
  return programme;
}

/**
 * Adds purchase lines to a programme, each amount quantity × unit price rounded half up to the
 * cent (lineAmount). All of them or, if one is refused, none.
 */
export async function addLines(db: Db, context: AuditContext, now: Date, programmeId: number, input: AddLinesInput): Promise<PurchaseLineDto[]> {
  return auditedTransaction(db, context, now, (tx) => addLinesInTransaction(tx, programmeId, input));
}

export async function addLinesInTransaction(tx: AuditedTransaction, programmeId: number, input: AddLinesInput): Promise<PurchaseLineDto[]> {
  const { lines } = parseRequest(addLinesInputSchema, input, 'body');
  const [, existing] = await Promise.all([
    requireProgramme(tx.trx, programmeId),
    repository.findExistingItemIds(tx.trx, lines.map((line) => line.itemId)),
  ]);
  const missing = lines.flatMap((line, index) =>
    existing.has(line.itemId) ? [] : [{ field: `lines.${index}.itemId`, in: 'body' as const, message: `No existe el ítem ${line.itemId}.` }],
  );
  if (missing.length > 0) throw new ValidationProblem(missing);

  const ids = await repository.insertLines(
    tx.trx,
    programmeId,
    lines.map((line) => ({
      ...line,
      amount: line.quantity === null || line.unitPrice === null ? null : lineAmount(line.quantity, line.unitPrice),
    })),
  );
  const added = await repository.findLinesByIds(tx.trx, ids);
  tx.audit.push(
    ...added.map((line) => ({ action: 'create' as const, entity: 'purchase_line' as const, entityId: line.id, after: { programmeId, ...line } })),
  );
  return added;
}
