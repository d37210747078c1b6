// Executed lines as the reconciliation shows them, and their matching (issue 13): by hand (a
// planned line of the same programme, or "matches none"), back to automatic, or all of the
// programme's again after its planned lines changed. Writes lock the programme in share first, as
// line writes do; the database refuses a line under a sign-off in force (409 naming it).
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ExecutedLineDto, ExecutedLinesPage } from '../../../shared/reconciliation-api.ts';
import { executedLinesQuerySchema, manualMatchBodySchema } from '../../../shared/reconciliation-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { InvalidValueProblem, NotFoundProblem, StaleVersionProblem } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { lockProgramme } from '../programmes/programmes.repository.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import * as repository from './matching.repository.ts';

type Db = Kysely<Database>;
export type ExecutedLinesQuery = z.output<typeof executedLinesQuerySchema>;

export function toExecutedLineDto(row: repository.ExecutedRow, candidates: ExecutedLineDto['candidates'] = []): ExecutedLineDto {
  return {
    id: row.id,
    batchId: row.batch_id,
    rowNumber: row.row_number,
    purchasingDocument: row.purchasing_document,
    item: row.item,
    documentDate: row.document_date,
    material: row.material,
    processCode: row.process_code,
    shortText: row.short_text,
    orderQuantity: row.order_quantity,
    orderUnit: row.order_unit,
    netPrice: row.net_price,
    priceUnit: row.price_unit,
    unitPrice: row.unit_price,
    amount: row.amount,
    netOrderValue: row.net_order_value,
    vendor: row.vendor,
    vendorName: row.vendor_name,
    plant: row.plant,
    lineId: row.purchase_line_id,
    matchKind: row.match_kind,
    candidates,
    version: row.version,
  };
}

async function withCandidates(db: Db, programmeId: number, rows: readonly repository.ExecutedRow[]): Promise<ExecutedLineDto[]> {
  const unmatched = rows.filter((row) => row.purchase_line_id === null).map((row) => row.id);
  const candidates = await repository.findCandidates(db, programmeId, unmatched);
  return rows.map((row) =>
    toExecutedLineDto(
      row,
      candidates
        .filter((candidate) => candidate.executed_id === row.id)
        .map((candidate) => ({
          lineId: candidate.line_id,
          channel: candidate.channel,
          segment: candidate.segment,
          processType: candidate.process,
          processCode: candidate.process_code,
          plannedQuantity: candidate.quantity,
          planned: candidate.amount,
          executed: candidate.executed,
        })),
    ),
  );
}

export async function listExecutedLines(db: Db, programmeId: number, query: ExecutedLinesQuery): Promise<ExecutedLinesPage> {
  await requireProgramme(db, programmeId);
  const { limit, offset, matched, ...filter } = query;
  const { rows, total } = await repository.findExecutedLines(db, programmeId, { ...filter, matched: matched === undefined ? undefined : matched === 'true' }, { limit, offset });
  return { lines: await withCandidates(db, programmeId, rows), total };
}

async function lockLine(tx: AuditedTransaction, programmeId: number, lineId: string, version: number | undefined) {
  if (!(await lockProgramme(tx.trx, programmeId, 'share'))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
  const before = await repository.findExecutedLine(tx.trx, programmeId, lineId, true);
  if (!before) throw new NotFoundProblem(`No existe la línea ejecutada ${lineId} en este programa.`, 'lineId');
  if (version !== undefined && before.version !== version) throw new StaleVersionProblem(toExecutedLineDto(before));
  return before;
}

/** Matches an executed line by hand to a planned line of its programme, or to none ("matches none of the plan"). */
export async function matchByHand(db: Db, context: AuditContext, now: Date, programmeId: number, lineId: string, input: unknown): Promise<ExecutedLineDto> {
  const body = parseRequest(manualMatchBodySchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    const before = await lockLine(tx, programmeId, lineId, body.version);
    if (body.lineId !== null && (await repository.plannedLineProgramme(tx.trx, body.lineId)) !== programmeId) {
      throw new InvalidValueProblem([{ field: 'lineId', in: 'body', message: `La línea planificada ${body.lineId} no es de este programa.` }]);
    }
    await repository.setMatch(tx.trx, lineId, body.version, { manual: true, lineId: body.lineId, userId: context?.user?.id ?? null, at: now });
    const after = (await withCandidates(tx.trx, programmeId, [(await repository.findExecutedLine(tx.trx, programmeId, lineId))!]))[0]!;
    tx.audit.push({ action: 'update', entity: 'executed_line', entityId: lineId, before: toExecutedLineDto(before), after: { ...after, candidates: undefined } });
    return after;
  });
}

/** Drops a manual match: the line is matched automatically again (or left unmatched). */
export async function matchAutomatically(db: Db, context: AuditContext, now: Date, programmeId: number, lineId: string, version: number | undefined): Promise<ExecutedLineDto> {
  return auditedTransaction(db, context, now, async (tx) => {
    const before = await lockLine(tx, programmeId, lineId, version);
    await repository.setMatch(tx.trx, lineId, before.version, { manual: false });
    await repository.autoMatchExecutedLines(tx.trx, programmeId, undefined, lineId);
    const after = (await withCandidates(tx.trx, programmeId, [(await repository.findExecutedLine(tx.trx, programmeId, lineId))!]))[0]!;
    tx.audit.push({ action: 'update', entity: 'executed_line', entityId: lineId, before: toExecutedLineDto(before), after: { ...after, candidates: undefined } });
    return after;
  });
}

/** Matches the programme's executed lines again (not those matched by hand, nor those signed off). */
export async function rematch(db: Db, context: AuditContext, now: Date, programmeId: number): Promise<{ matched: number }> {
  return auditedTransaction(db, context, now, async (tx) => {
    if (!(await lockProgramme(tx.trx, programmeId, 'share'))) throw new NotFoundProblem(`No existe el programa ${programmeId}.`, 'id');
    const matched = await repository.autoMatchExecutedLines(tx.trx, programmeId);
    tx.audit.push({ action: 'update', entity: 'executed_line', entityId: null, after: { programmeId, rematched: matched } });
    return { matched };
  });
}
