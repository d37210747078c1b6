import type { Kysely } from 'kysely';
import type { BulkLinesResult, LinesPage, ProgrammeBudget, ProgrammeDto, ProgrammeSummary, PurchaseLineDto } from '../../../shared/api.ts';
import type { LinesQuery } from '../../../shared/api-schemas.ts';
import { budgetCategories, programmeStatuses, programmeStatusLabels, type ProgrammeStatus } from '../../../shared/domain.ts';
import { compareMoney, lineAmount, subtractMoney, sumMoney } from '../../../shared/money.ts';
import {
  bulkLinesSchema,
  lineCreateSchema,
  linePatchSchema,
  mergedLineSchema,
  programmeCreateSchema,
  programmePatchSchema,
  type BulkLinesInput,
  type LinePatch,
  type ProgrammeCreateInput,
  type ProgrammePatch,
} from '../../../shared/planning-schemas.ts';
import { buildProgrammeSummary } from '../../../shared/purchase-summary.ts';
import { roleGroups } from '../../../shared/role-groups.ts';
import { addLinesInputSchema, type AddLinesInput, type LineInput, type ParsedLine } from '../../../shared/write-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction, type AuditEvent } from '../audit/audit.service.ts';
import { findBudgets } from '../budgets/budgets.repository.ts';
import {
  ConflictProblem,
  HttpProblem,
  NotFoundProblem,
  ProgrammeNotEditableProblem,
  StaleVersionProblem,
  ValidationProblem,
  type FieldError,
} from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import * as repository from './programmes.repository.ts';
import { findProcessesOfLines } from '../procurement/processes.repository.ts';

type Db = Kysely<Database>;

export const listProgrammes = (db: Db) => repository.findProgrammes(db);
export const getProgramme = (db: Db, id: number) => requireProgramme(db, id);

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

/**
 * A new purchase programme, a draft: empty, or a copy of every line of `copyFrom` (one
 * insert … select, amounts as they are), linked to it. Its name is unique (programmes_name_key).
 */
export async function createProgramme(
  db: Db,
  context: AuditContext,
  now: Date,
  input: ProgrammeCreateInput,
  options: ProgrammeOptions = {},
): Promise<ProgrammeDto> {
  return auditedTransaction(db, context, now, (tx) => createProgrammeInTransaction(tx, input, options));
}

export async function createProgrammeInTransaction(
  tx: AuditedTransaction,
  input: ProgrammeCreateInput,
  { demo = false }: ProgrammeOptions = {},
): Promise<ProgrammeDto> {
  const { copyFrom, ...fields } = parseRequest(programmeCreateSchema, input, 'body');
  // The source stays while it is copied (a delete waits); its lines are read in one snapshot.
  if (copyFrom !== undefined && !(await repository.lockProgramme(tx.trx, copyFrom, 'share'))) {
    throw new ValidationProblem([{ field: 'copyFrom', in: 'body', message: `No existe el programa ${copyFrom}.` }]);
  }
  const id = await repository.insertProgramme(tx.trx, { ...fields, demo, sourceProgrammeId: copyFrom ?? null });
  // A copy's lines are the source's, already audited there: one row says what was copied.
  const copied = copyFrom === undefined ? undefined : (await repository.copyLines(tx.trx, copyFrom, id), await repository.countLines(tx.trx, id));
  const programme = (await repository.findProgramme(tx.trx, id))!;
  tx.audit.push({
    action: 'create',
    entity: 'programme',
    entityId: id,
    after: copied ? { ...programme, copiedLines: copied.lines, copiedAmount: copied.amount } : programme,
  });
  return programme;
}

const statusRank = (status: ProgrammeStatus) => programmeStatuses.indexOf(status);

const statusAction = (from: ProgrammeStatus, to: ProgrammeStatus): AuditEvent['action'] =>
  statusRank(to) < statusRank(from) ? 'reopen' : to === 'approved' ? 'approve' : 'close';

function describeStatus(programme: ProgrammeDto): string {
  if (programme.demo) {
    return `«${programme.name}» es el programa de demostración que reproduce el informe: no cambia. Cópielo para planificar.`;
  }
  return `El programa «${programme.name}» está ${programmeStatusLabels[programme.status].toLowerCase()}: solo un borrador admite cambios${
    programme.status === 'draft' ? '' : '; un administrador puede reabrirlo'
  }.`;
}

/** The demo programme never changes once closed; the database holds the same rule (programmes_demo_frozen). */
const isFrozenDemo = (programme: ProgrammeDto) => programme.demo && programme.status === 'closed';

/**
 * Renames, moves to another fiscal year, approves, closes or reopens a programme, made on
 * `patch.version`. Name and year change only on a draft; going back is for administrators.
 */
export async function updateProgramme(db: Db, context: AuditContext, now: Date, id: number, input: ProgrammePatch): Promise<ProgrammeDto> {
  return auditedTransaction(db, context, now, (tx) => updateProgrammeInTransaction(tx, context, id, input));
}

/** updateProgramme in a caller's transaction; `context` says who acts (null: the system, as the demo seed). */
export async function updateProgrammeInTransaction(
  tx: AuditedTransaction,
  context: AuditContext,
  id: number,
  input: ProgrammePatch,
): Promise<ProgrammeDto> {
  const patch = parseRequest(programmePatchSchema, input, 'body');
  const before = await repository.lockProgramme(tx.trx, id, 'update');
  if (!before) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
  if (before.version !== patch.version) throw new StaleVersionProblem(before);
  const changes = {
    ...(patch.name !== undefined && patch.name !== before.name ? { name: patch.name } : {}),
    ...(patch.fiscalYear !== undefined && patch.fiscalYear !== before.fiscalYear ? { fiscalYear: patch.fiscalYear } : {}),
    ...(patch.status !== undefined && patch.status !== before.status ? { status: patch.status } : {}),
  };
  if (Object.keys(changes).length === 0) return before;
  if (isFrozenDemo(before)) throw new ProgrammeNotEditableProblem(describeStatus(before), before);
  if ((changes.name !== undefined || changes.fiscalYear !== undefined) && before.status !== 'draft') {
    throw new ProgrammeNotEditableProblem(describeStatus(before), before);
  }
  if (changes.status !== undefined) checkTransition(context, before, changes.status);
  if (!(await repository.updateProgrammeRow(tx.trx, id, patch.version, changes))) {
    throw new StaleVersionProblem((await repository.findProgramme(tx.trx, id))!);
  }
  const after = (await repository.findProgramme(tx.trx, id))!;
  tx.audit.push({
    action: changes.status === undefined ? 'update' : statusAction(before.status, changes.status),
    entity: 'programme',
    entityId: id,
    before,
    after,
  });
  return after;
}

function checkTransition(context: AuditContext, programme: ProgrammeDto, to: ProgrammeStatus): void {
  const from = programme.status;
  if (statusRank(to) > statusRank(from) + 1) {
    throw new ConflictProblem(`Apruebe el programa «${programme.name}» antes de cerrarlo.`, 'status');
  }
  const reopeners: readonly string[] = roleGroups.programmeReopeners;
  // A context without a user is the system (the demo seed); people need the role.
  if (statusRank(to) < statusRank(from) && context?.user && !context.user.roles.some((role) => reopeners.includes(role))) {
    const detail = 'Solo un administrador reabre un programa aprobado o cerrado.';
    throw new HttpProblem(403, problemTypes.forbidden, 'Acceso denegado', detail, [{ field: 'status', in: 'body', message: detail }]);
  }
}

/** Deletes a draft programme and its lines; with `version`, only if nobody changed it since. */
export async function deleteProgramme(db: Db, context: AuditContext, now: Date, id: number, version?: number): Promise<void> {
  await auditedTransaction(db, context, now, async (tx) => {
    const before = await repository.lockProgramme(tx.trx, id, 'update');
    if (!before) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
    if (version !== undefined && before.version !== version) throw new StaleVersionProblem(before);
    if (before.status !== 'draft' || before.demo) throw new ProgrammeNotEditableProblem(describeStatus(before), before);
    const lines = await repository.countLines(tx.trx, id);
    await repository.deleteProgrammeRow(tx.trx, id);
    tx.audit.push({ action: 'delete', entity: 'programme', entityId: id, before: { ...before, lines: lines.lines, amount: lines.amount } });
  });
}

/**
 * The programme, share-locked until the transaction ends, if its lines may change: a draft (the
 * demo is closed). The lock makes a status change wait for the line writes in flight, and them for it.
 */
async function requireDraft(tx: AuditedTransaction, id: number): Promise<ProgrammeDto> {
  const programme = await repository.lockProgramme(tx.trx, id, 'share');
  if (!programme) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
  if (programme.status !== 'draft') throw new ProgrammeNotEditableProblem(describeStatus(programme), programme);
  return programme;
}

/**
 * Adds purchase lines to a draft programme, each amount quantity × unit price rounded half up to
 * the cent (lineAmount), for active formulary items. All of them or, if one is refused, none.
 */
export async function addLines(db: Db, context: AuditContext, now: Date, programmeId: number, input: AddLinesInput): Promise<PurchaseLineDto[]> {
  return auditedTransaction(db, context, now, (tx) => addLinesInTransaction(tx, programmeId, input));
}

export async function addLinesInTransaction(tx: AuditedTransaction, programmeId: number, input: AddLinesInput): Promise<PurchaseLineDto[]> {
  const { lines } = parseRequest(addLinesInputSchema, input, 'body');
  return insertCheckedLines(tx, programmeId, lines, (index) => `lines.${index}.itemId`);
}

/** One line (POST /api/programmes/:id/lines): as addLines, its errors named by the line's own fields. */
export async function addLine(db: Db, context: AuditContext, now: Date, programmeId: number, input: LineInput): Promise<PurchaseLineDto> {
  const line = parseRequest(lineCreateSchema, input, 'body');
  const [added] = await auditedTransaction(db, context, now, (tx) => insertCheckedLines(tx, programmeId, [line], () => 'itemId'));
  return added!;
}

async function insertCheckedLines(
  tx: AuditedTransaction,
  programmeId: number,
  lines: readonly ParsedLine[],
  itemField: (index: number) => string,
): Promise<PurchaseLineDto[]> {
  await requireDraft(tx, programmeId);
  const { existing, active } = await repository.findActiveItemIds(tx.trx, lines.map((line) => line.itemId));
  const refused = lines.flatMap((line, index): FieldError[] => {
    if (!existing.has(line.itemId)) return [{ field: itemField(index), in: 'body', message: `No existe el ítem ${line.itemId}.` }];
    if (!active.has(line.itemId)) return [{ field: itemField(index), in: 'body', message: `El ítem ${line.itemId} está desactivado: no se programa.` }];
    return [];
  });
  if (refused.length > 0) throw new ValidationProblem(refused);

  const ids = await repository.insertLines(
    tx.trx,
    programmeId,
    lines.map((line) => ({ ...line, amount: amountOf(line) })),
  );
  const added = await repository.findLinesByIds(tx.trx, ids);
  tx.audit.push(
    ...added.map((line) => ({ action: 'create' as const, entity: 'purchase_line' as const, entityId: line.id, after: { programmeId, ...line } })),
  );
  return added;
}

const amountOf = (line: { quantity: string | null; unitPrice: string | null }) =>
  line.quantity === null || line.unitPrice === null ? null : lineAmount(line.quantity, line.unitPrice);

/** The line of this programme, locked until the transaction ends; 404 naming lineId otherwise. */
async function lockOwnLine(tx: AuditedTransaction, programmeId: number, lineId: number): Promise<PurchaseLineDto> {
  const locked = await repository.lockLine(tx.trx, lineId);
  if (!locked || locked.programmeId !== programmeId) {
    throw new NotFoundProblem(`El programa ${programmeId} no tiene la línea ${lineId}.`, 'lineId');
  }
  return locked.line;
}

const sameDecimal = (a: string | null, b: string | null) => (a === null || b === null ? a === b : compareMoney(a, b) === 0);

/**
 * Changes a line made on `patch.version`: the line as it would be is checked whole (segment by
 * channel, quantity and price together), and its amount computed again. A stale version changes
 * nothing and gets 409 with the line as it is.
 */
export async function updateLine(
  db: Db,
  context: AuditContext,
  now: Date,
  programmeId: number,
  lineId: number,
  input: LinePatch,
): Promise<PurchaseLineDto> {
  const patch = parseRequest(linePatchSchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    await requireDraft(tx, programmeId);
    const before = await lockOwnLine(tx, programmeId, lineId);
    if (before.version !== patch.version) throw new StaleVersionProblem(before);
    const channel = patch.channel ?? before.channel;
    const merged = parseRequest(
      mergedLineSchema,
      {
        channel,
        // Moving to EsSalud drops the segment it cannot have; moving to MINSA needs one given.
        segment: patch.segment !== undefined ? patch.segment : channel === 'essalud' ? null : before.segment,
        process: patch.process ?? before.process,
        quantity: patch.quantity !== undefined ? patch.quantity : before.quantity,
        unitPrice: patch.unitPrice !== undefined ? patch.unitPrice : before.unitPrice,
      },
      'body',
    );
    const unchanged =
      merged.channel === before.channel &&
      merged.segment === before.segment &&
      merged.process === before.process &&
      sameDecimal(merged.quantity, before.quantity) &&
      sameDecimal(merged.unitPrice, before.unitPrice);
    if (unchanged) return before;
    if (!(await repository.updateLineRow(tx.trx, lineId, patch.version, { ...merged, amount: amountOf(merged) }))) {
      throw new StaleVersionProblem((await repository.findLinesByIds(tx.trx, [lineId]))[0]);
    }
    const [after] = await repository.findLinesByIds(tx.trx, [lineId]);
    tx.audit.push({ action: 'update', entity: 'purchase_line', entityId: lineId, before: { programmeId, ...before }, after: { programmeId, ...after } });
    return after!;
  });
}

/** A new quantity and unit price for a line (accepting a quantification suggestion). */
export interface LineQuantityChange {
  lineId: number;
  quantity: string;
  unitPrice: string;
}

/**
 * Sets the quantity and unit price of lines of a draft programme in one audited change: `decide`
 * gets the programme's lines of `itemIds`, locked (in id order) until the transaction ends, and
 * says what each line it changes becomes. Each amount is computed again and checked as any line
 * edit is; each version moves on; one audit row per line changed, its after carrying `note`.
 */
export async function setLineQuantitiesInTransaction(
  tx: AuditedTransaction,
  programmeId: number,
  itemIds: readonly number[],
  decide: (lines: PurchaseLineDto[]) => Promise<LineQuantityChange[]>,
  note: Record<string, unknown>,
): Promise<PurchaseLineDto[]> {
  await requireDraft(tx, programmeId);
  const ids = await repository.lockLineIdsOfItems(tx.trx, programmeId, itemIds);
  const locked = await repository.findLinesByIds(tx.trx, ids);
  const byId = new Map(locked.map((line) => [line.id, line]));
  const changes = (await decide(locked)).filter((change) => {
    const line = byId.get(change.lineId)!;
    return !sameDecimal(line.quantity, change.quantity) || !sameDecimal(line.unitPrice, change.unitPrice);
  });
  for (const change of changes) {
    const before = byId.get(change.lineId)!;
    const merged = parseRequest(
      mergedLineSchema,
      { channel: before.channel, segment: before.segment, process: before.process, quantity: change.quantity, unitPrice: change.unitPrice },
      'body',
    );
    // The line is locked: its version cannot have moved since it was read.
    await repository.updateLineRow(tx.trx, change.lineId, before.version, { ...merged, amount: amountOf(merged) });
  }
  const after = await repository.findLinesByIds(tx.trx, changes.map((change) => change.lineId));
  tx.audit.push(
    ...after.map((line) => ({
      action: 'update' as const,
      entity: 'purchase_line' as const,
      entityId: line.id,
      before: { programmeId, ...byId.get(line.id)! },
      after: { programmeId, ...line, ...note },
    })),
  );
  return after;
}

/** Deletes a line of a draft; with `version`, only if nobody changed it since. */
export async function deleteLine(db: Db, context: AuditContext, now: Date, programmeId: number, lineId: number, version?: number): Promise<void> {
  await auditedTransaction(db, context, now, async (tx) => {
    await requireDraft(tx, programmeId);
    const before = await lockOwnLine(tx, programmeId, lineId);
    if (version !== undefined && before.version !== version) throw new StaleVersionProblem(before);
    await refuseLinesInProcesses(tx, [lineId], () => 'lineId', 'path');
    await repository.deleteLineRows(tx.trx, [lineId]);
    tx.audit.push({ action: 'delete', entity: 'purchase_line', entityId: lineId, before: { programmeId, ...before } });
  });
}

/**
 * Moves many lines to a channel / segment / process, or deletes them, in one transaction: a line
 * of another programme (400) or one that no longer exists (409) refuses the whole request, naming
 * it. One audit row per line changed, with its before and after.
 */
export async function bulkLines(db: Db, context: AuditContext, now: Date, programmeId: number, input: BulkLinesInput): Promise<BulkLinesResult> {
  const bulk = parseRequest(bulkLinesSchema, input, 'body');
  return auditedTransaction(db, context, now, async (tx) => {
    await requireDraft(tx, programmeId);
    const ids = bulk.lineIds ? await lockNamedLines(tx, programmeId, bulk.lineIds) : await repository.lockFilteredLineIds(tx.trx, programmeId, bulk.filter!);
    const before = await repository.findLinesByIds(tx.trx, ids);

    if (bulk.delete) {
      await refuseLinesInProcesses(tx, ids, (lineId) => fieldOfLine(bulk.lineIds, lineId), 'body');
      await repository.deleteLineRows(tx.trx, ids);
      tx.audit.push(...before.map((line) => ({ action: 'delete' as const, entity: 'purchase_line' as const, entityId: line.id, before: { programmeId, ...line } })));
      return { affected: ids.length };
    }

    const set = { ...bulk.set! };
    if (set.channel === 'essalud' && set.segment === undefined) set.segment = null;
    // A segment alone applies to MINSA corporate lines only.
    if (set.channel === undefined && set.segment !== undefined) {
      const refused = before.flatMap((line): FieldError[] =>
        line.channel === 'essalud'
          ? [{ field: fieldOfLine(bulk.lineIds, line.id), in: 'body', message: `La línea ${line.id} es de la Compra EsSalud, que no lleva segmento.` }]
          : [],
      );
      if (refused.length > 0) throw new ValidationProblem(refused);
    }
    const changing = before.filter(
      (line) =>
        (set.channel !== undefined && set.channel !== line.channel) ||
        (set.segment !== undefined && set.segment !== line.segment) ||
        (set.process !== undefined && set.process !== line.process),
    );
    const changingIds = changing.map((line) => line.id);
    await repository.setLinesFields(tx.trx, changingIds, set);
    const after = await repository.findLinesByIds(tx.trx, changingIds);
    tx.audit.push(
      ...changing.map((line, index) => ({
        action: 'update' as const,
        entity: 'purchase_line' as const,
        entityId: line.id,
        before: { programmeId, ...line },
        after: { programmeId, ...after[index] },
      })),
    );
    return { affected: changingIds.length };
  });
}

/**
 * A line that is (or was, for a void or deserted process) in a selection process stays: 409 naming
 * it and the process. The lines are locked, so no process takes one meanwhile; the foreign key
 * process_lines_purchase_line_id_fkey holds the same rule.
 */
async function refuseLinesInProcesses(
  tx: AuditedTransaction,
  lineIds: readonly number[],
  fieldOf: (lineId: number) => string,
  part: FieldError['in'],
): Promise<void> {
  const held = await findProcessesOfLines(tx.trx, lineIds);
  if (held.length === 0) return;
  const errors = held.map(({ lineId, code, released }): FieldError => ({
    field: fieldOf(lineId),
    in: part,
    message: released
      ? `La línea ${lineId} figura en el proceso «${code}», que terminó sin contrato: queda en su registro y no se elimina.`
      : `La línea ${lineId} está en el proceso «${code}»: retírela del proceso antes de eliminarla.`,
  }));
  throw new HttpProblem(409, problemTypes.conflict, 'Conflicto', errors[0]!.message, errors);
}

const fieldOfLine = (lineIds: readonly number[] | undefined, lineId: number) =>
  lineIds === undefined ? 'filter' : `lineIds.${lineIds.indexOf(lineId)}`;

/** The named lines, locked; each must be of this programme (400) and still exist (409). */
async function lockNamedLines(tx: AuditedTransaction, programmeId: number, lineIds: readonly number[]): Promise<number[]> {
  const programmeOf = await repository.lockLinesOf(tx.trx, lineIds);
  const elsewhere: FieldError[] = [];
  const gone: FieldError[] = [];
  lineIds.forEach((lineId, index) => {
    const owner = programmeOf.get(lineId);
    if (owner === undefined) gone.push({ field: `lineIds.${index}`, in: 'body', message: `La línea ${lineId} ya no existe.` });
    else if (owner !== programmeId) elsewhere.push({ field: `lineIds.${index}`, in: 'body', message: `La línea ${lineId} es de otro programa.` });
  });
  if (elsewhere.length > 0) throw new ValidationProblem(elsewhere);
  if (gone.length > 0) {
    throw new HttpProblem(409, problemTypes.conflict, 'Conflicto', 'Algunas líneas ya no existen: nada se aplicó.', gone);
  }
  return [...new Set(lineIds)];
}

/**
 * Per budget category: the ceiling of the programme's fiscal year, what its lines plan (by their
 * items' category) and what remains. Exceeding is a warning: nothing is refused for it.
 */
export async function programmeBudget(db: Db, id: number): Promise<ProgrammeBudget> {
  const programme = await requireProgramme(db, id);
  const [ceilings, planned] = await Promise.all([findBudgets(db, programme.fiscalYear), repository.sumAmountsByBudgetCategory(db, id)]);
  const use = (ceiling: string | null, plannedAmount: string) => ({
    ceiling,
    planned: plannedAmount,
    remaining: ceiling === null ? null : subtractMoney(ceiling, plannedAmount),
    exceeded: ceiling !== null && compareMoney(plannedAmount, ceiling) > 0,
  });
  const categories = budgetCategories.map((category) => ({
    category,
    ...use(ceilings.find((budget) => budget.category === category)?.amount ?? null, planned.get(category) ?? '0.00'),
  }));
  const withCeiling = categories.flatMap((category) => (category.ceiling === null ? [] : [category.ceiling]));
  return {
    fiscalYear: programme.fiscalYear,
    categories,
    totals: use(withCeiling.length === 0 ? null : sumMoney(withCeiling), sumMoney(categories.map((category) => category.planned))),
  };
}
