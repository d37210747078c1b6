// Source documents (a report, an ERP extract) and the figures they declare, stored apart from the
// data they describe so that the two can be compared (see shared/purchase-summary.ts).
import type { Kysely } from 'kysely';
import type { SourceDocumentDto } from '../../../shared/api.ts';
import {
  declareFiguresInputSchema,
  sourceDocumentInputSchema,
  type DeclareFiguresInput,
  type DeclaredFigureDto,
  type SourceDocumentInput,
} from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { NotFoundProblem, ValidationProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import * as repository from './sources.repository.ts';

type Db = Kysely<Database>;

/** A new source document; its reference is unique (source_documents_reference_key). */
export async function recordSourceDocument(db: Db, context: AuditContext, now: Date, input: SourceDocumentInput): Promise<SourceDocumentDto> {
  return auditedTransaction(db, context, now, (tx) => recordSourceDocumentInTransaction(tx, input));
}

export async function recordSourceDocumentInTransaction(tx: AuditedTransaction, input: SourceDocumentInput): Promise<SourceDocumentDto> {
  const parsed = parseRequest(sourceDocumentInputSchema, input, 'body');
  const document = await repository.insertSourceDocument(tx.trx, parsed);
  tx.audit.push({ action: 'create', entity: 'source_document', entityId: document.id, after: { ...document, publishedOn: parsed.publishedOn, notes: parsed.notes } });
  return document;
}

/** The figures a document declares, as it prints them: all of them, or none if one is refused. */
export async function declareFigures(
  db: Db,
  context: AuditContext,
  now: Date,
  sourceDocumentId: number,
  input: DeclareFiguresInput,
): Promise<DeclaredFigureDto[]> {
  return auditedTransaction(db, context, now, (tx) => declareFiguresInTransaction(tx, sourceDocumentId, input));
}

export async function declareFiguresInTransaction(
  tx: AuditedTransaction,
  sourceDocumentId: number,
  input: DeclareFiguresInput,
): Promise<DeclaredFigureDto[]> {
  const { figures } = parseRequest(declareFiguresInputSchema, input, 'body');
  const programmeIds = figures.flatMap((figure) => (figure.scope === 'purchases' ? [figure.programmeId] : []));
  const [document, programmes] = await Promise.all([
    repository.findSourceDocument(tx.trx, sourceDocumentId),
    repository.findExistingProgrammeIds(tx.trx, programmeIds),
  ]);
  if (!document) throw new NotFoundProblem(`No existe el documento fuente ${sourceDocumentId}.`, 'id');
  const missing = figures.flatMap((figure, index) =>
    figure.scope === 'purchases' && !programmes.has(figure.programmeId)
      ? [{ field: `figures.${index}.programmeId`, in: 'body' as const, message: `No existe el programa ${figure.programmeId}.` }]
      : [],
  );
  if (missing.length > 0) throw new ValidationProblem(missing);

  const ids = await repository.insertDeclaredFigures(tx.trx, sourceDocumentId, figures);
  const declared = figures.map((figure, index) => ({ id: ids[index]!, sourceDocumentId, ...figure }));
  tx.audit.push(...declared.map((figure) => ({ action: 'create' as const, entity: 'declared_figure' as const, entityId: figure.id, after: figure })));
  return declared;
}
