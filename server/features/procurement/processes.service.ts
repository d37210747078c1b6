// Selection processes of a programme (issue 12): created, followed from call to contract along
// processTransitions, with planned lines assigned to them and awarded. Each use case is one
// audited transaction. Locks, always in this order: the programme (share: it stays open while a
// process changes, and closing it waits), the process (share for a write of its lines, update for
// a change of the process itself), then lines.
import type { Kysely } from 'kysely';
import type { ProgrammeDto } from '../../../shared/api.ts';
import { channelLabels, processLabels, segmentLabels } from '../../../shared/domain.ts';
import { compareMoney, lineAmount } from '../../../shared/money.ts';
import type { ProcessDetail, ProcessDto, ProcessesPage, ProcessLineDto, ProcessLinesPage } from '../../../shared/procurement-api.ts';
import {
  assignLinesSchema,
  processCreateSchema,
  processLinePatchSchema,
  processPatchSchema,
  type AssignLinesInput,
  type PageQuery,
  type ProcessCreateInput,
  type ProcessesQuery,
  type ProcessLinePatch,
  type ProcessPatch,
} from '../../../shared/procurement-schemas.ts';
import {
  awardEntryOpen,
  canMoveProcess,
  endedWithoutContract,
  lineAssignmentOpen,
  lineMismatch,
  processStatusLabels,
  processTransitions,
  type ProcessStatus,
} from '../../../shared/procurement.ts';
import { problemTypes } from '../../../shared/problem-types.ts';
import type { Database } from '../../../db/schema.ts';
import { limaDate } from '../../platform/clock.ts';
import { HttpProblem, InvalidValueProblem, NotFoundProblem, ProgrammeNotEditableProblem, StaleVersionProblem, type FieldError } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { lockProgramme } from '../programmes/programmes.repository.ts';
import { requireProgramme } from '../programmes/programmes.service.ts';
import { supplierForAward } from '../suppliers/suppliers.service.ts';
import * as repository from './processes.repository.ts';

type Db = Kysely<Database>;

const statusLabel = (status: ProcessStatus) => processStatusLabels[status].toLowerCase();
const spanishList = (words: readonly string[]) => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} o ${words.at(-1)}`);

// ---- Reads -------------------------------------------------------------------------------------

export async function listProcesses(db: Db, programmeId: number, query: ProcessesQuery): Promise<ProcessesPage> {
  const [, page] = await Promise.all([requireProgramme(db, programmeId), repository.findProcesses(db, programmeId, query)]);
  return page;
}

async function requireProcess(db: Db, id: number): Promise<ProcessDto> {
  const process = await repository.findProcess(db, id);
  if (!process) throw new NotFoundProblem(`No existe el proceso ${id}.`, 'processId');
  return process;
}

export async function getProcess(db: Db, id: number): Promise<ProcessDetail> {
  const [process, history] = await Promise.all([requireProcess(db, id), repository.findStatusChanges(db, id)]);
  const { name, fiscalYear } = await requireProgramme(db, process.programmeId);
  return { ...process, programme: { id: process.programmeId, name, fiscalYear }, history };
}

export async function listProcessLines(db: Db, processId: number, page: PageQuery): Promise<ProcessLinesPage> {
  const [, lines] = await Promise.all([requireProcess(db, processId), repository.findProcessLines(db, processId, page)]);
  return lines;
}

// ---- Guards ------------------------------------------------------------------------------------

/** The programme, share-locked until the transaction ends, if its processes may change: draft or approved. */
async function requireOpenProgramme(tx: AuditedTransaction, id: number): Promise<ProgrammeDto> {
  const programme = await lockProgramme(tx.trx, id, 'share');
  if (!programme) throw new NotFoundProblem(`No existe el programa ${id}.`, 'id');
  if (programme.status === 'closed') {
    throw new ProgrammeNotEditableProblem(
      programme.demo
        ? `«${programme.name}» es el programa de demostración que reproduce el informe: sus procesos no cambian.`
        : `El programa «${programme.name}» está cerrado: sus procesos ya no cambian. Un administrador puede reabrirlo.`,
      programme,
    );
  }
  return programme;
}

/** The process, locked as `mode` says, after its programme (open); 404 naming processId otherwise. */
async function lockProcessForWrite(tx: AuditedTransaction, processId: number, mode: 'share' | 'update'): Promise<repository.ProcessRow> {
  const programmeId = await repository.findProgrammeOfProcess(tx.trx, processId);
  const notFound = () => new NotFoundProblem(`No existe el proceso ${processId}.`, 'processId');
  if (programmeId === undefined) throw notFound();
  await requireOpenProgramme(tx, programmeId);
  const process = await repository.lockProcess(tx.trx, processId, mode);
  if (!process) throw notFound();
  return process;
}

/** A write the process's status does not allow: 409 naming the field the request sent. */
function processNotEditable(process: repository.ProcessRow, what: string, open: readonly ProcessStatus[], field: string, part: FieldError['in'] = 'body') {
  const detail = `El proceso «${process.code}» está ${statusLabel(process.status)}: ${what} mientras está ${spanishList(open.map(statusLabel))}.`;
  return new HttpProblem(409, problemTypes.processNotEditable, 'Proceso no editable', detail, [{ field, in: part, message: detail }]);
}

function transitionRefused(detail: string) {
  return new HttpProblem(409, problemTypes.processTransition, 'Cambio de estado no permitido', detail, [{ field: 'status', in: 'body', message: detail }]);
}

// ---- Processes ---------------------------------------------------------------------------------

/** A new process of an open programme, `programado`; its code is unique within the programme (procurement_processes_code_unique). */
export async function createProcess(db: Db, context: AuditContext, now: Date, programmeId: number, input: ProcessCreateInput): Promise<ProcessDto> {
  return auditedTransaction(db, context, now, (tx) => createProcessInTransaction(tx, context, now, programmeId, input));
}

export async function createProcessInTransaction(
  tx: AuditedTransaction,
  context: AuditContext,
  now: Date,
  programmeId: number,
  input: ProcessCreateInput,
): Promise<ProcessDto> {
  const fields = parseRequest(processCreateSchema, input, 'body');
  await requireOpenProgramme(tx, programmeId);
  const id = await repository.insertProcess(tx.trx, { programmeId, ...fields });
  await repository.insertStatusChange(tx.trx, { processId: id, from: null, to: 'programado', at: now, user: context?.user });
  const process = (await repository.findProcess(tx.trx, id))!;
  tx.audit.push({ action: 'create', entity: 'procurement_process', entityId: id, after: process });
  return process;
}

/** The date each step sets, when the request gives none and the process has none yet. */
const stepDates: Partial<Record<ProcessStatus, 'calledOn' | 'awardedOn' | 'contractedOn'>> = {
  convocado: 'calledOn',
  adjudicado: 'awardedOn',
  contratado: 'contractedOn',
};

/**
 * Changes a process made on `patch.version`: code, title, dates, and its status, only along
 * processTransitions. Each status change is a row of its history (who, when) and of the audit
 * trail; `adjudicado` needs an award; `desierto` and `nulo` release its lines.
 */
export async function updateProcess(db: Db, context: AuditContext, now: Date, processId: number, input: ProcessPatch): Promise<ProcessDto> {
  return auditedTransaction(db, context, now, (tx) => updateProcessInTransaction(tx, context, now, processId, input));
}

export async function updateProcessInTransaction(
  tx: AuditedTransaction,
  context: AuditContext,
  now: Date,
  processId: number,
  input: ProcessPatch,
): Promise<ProcessDto> {
  const patch = parseRequest(processPatchSchema, input, 'body');
  await lockProcessForWrite(tx, processId, 'update');
  const before = (await repository.findProcess(tx.trx, processId))!;
  if (before.version !== patch.version) throw new StaleVersionProblem(before);

  const changes: repository.ProcessChanges = {};
  if (patch.code !== undefined && patch.code !== before.code) changes.code = patch.code;
  if (patch.title !== undefined && patch.title !== before.title) changes.title = patch.title;
  for (const field of ['calledOn', 'awardedOn', 'contractedOn'] as const) {
    if (patch[field] !== undefined && patch[field] !== before[field]) changes[field] = patch[field];
  }
  const to = patch.status !== undefined && patch.status !== before.status ? patch.status : undefined;
  if (to !== undefined) {
    if (!canMoveProcess(before.status, to)) {
      const allowed = processTransitions[before.status];
      throw transitionRefused(
        allowed.length === 0
          ? `El proceso «${before.code}» está ${statusLabel(before.status)}: su estado ya no cambia.`
          : `Un proceso ${statusLabel(before.status)} pasa a ${spanishList(allowed.map(statusLabel))}, no a ${statusLabel(to)}.`,
      );
    }
    if (to === 'adjudicado' && (await repository.countAwardedLines(tx.trx, processId)) === 0) {
      throw transitionRefused(`Registre al menos una adjudicación (proveedor y precio de una línea) antes de pasar el proceso «${before.code}» a adjudicado.`);
    }
    changes.status = to;
    const step = stepDates[to];
    if (step && patch[step] === undefined && before[step] === null) changes[step] = limaDate(now);
  }
  if (Object.keys(changes).length === 0) return before;

  if (!(await repository.updateProcessRow(tx.trx, processId, patch.version, changes))) {
    throw new StaleVersionProblem((await repository.findProcess(tx.trx, processId))!);
  }
  let released = 0;
  if (to !== undefined) {
    await repository.insertStatusChange(tx.trx, { processId, from: before.status, to, at: now, user: context?.user });
    if (endedWithoutContract.includes(to)) released = await repository.releaseLines(tx.trx, processId);
  }
  const after = (await repository.findProcess(tx.trx, processId))!;
  tx.audit.push({
    action: 'update',
    entity: 'procurement_process',
    entityId: processId,
    before,
    after: released > 0 ? { ...after, releasedLines: released } : after,
  });
  return after;
}

// ---- Lines in a process ------------------------------------------------------------------------

const processLineKey = (processId: number, lineId: number) => `${processId}/${lineId}`;

/**
 * Assigns planned lines to a process, all or none: each must be of the process's programme, in no
 * other live process, and of its channel, segment and type; a refusal names every line and why
 * (409 when a line is in another process, 422 otherwise). Each takes its planned quantity and, as
 * a starting reference price, its planned unit price. Lines already in this process stay as they are.
 */
export async function assignLines(db: Db, context: AuditContext, now: Date, processId: number, input: AssignLinesInput): Promise<ProcessDto> {
  return auditedTransaction(db, context, now, (tx) => assignLinesInTransaction(tx, processId, input));
}

export async function assignLinesInTransaction(tx: AuditedTransaction, processId: number, input: AssignLinesInput): Promise<ProcessDto> {
  const { lineIds } = parseRequest(assignLinesSchema, input, 'body');
  const process = await lockProcessForWrite(tx, processId, 'share');
  if (!lineAssignmentOpen.includes(process.status)) throw processNotEditable(process, 'sus líneas se asignan', lineAssignmentOpen, 'lineIds');

  const ids = [...new Set(lineIds)];
  const planned = await repository.lockPlannedLines(tx.trx, ids);
  const refusals: FieldError[] = [];
  let inAnother = false;
  const refuse = (message: string) => refusals.push({ field: 'lineIds', in: 'body', message });
  const adding: repository.PlannedLineRow[] = [];
  for (const id of ids) {
    const line = planned.get(id);
    if (!line) {
      refuse(`La línea ${id} no existe.`);
      continue;
    }
    const named = `La línea ${id} (${line.itemCode})`;
    if (line.programmeId !== process.programmeId) {
      refuse(`${named} es de otro programa.`);
    } else if (line.liveProcessId === process.id) {
      // Already here: nothing to do for it.
    } else if (line.liveProcessId !== null) {
      inAnother = true;
      refuse(`${named} ya está en el proceso «${line.liveProcessCode}».`);
    } else {
      const mismatch = lineMismatch(process, line);
      if (mismatch === 'channel') refuse(`${named} es de la ${channelLabels[line.channel]}; el proceso, de la ${channelLabels[process.channel]}.`);
      else if (mismatch === 'segment') refuse(`${named} es del segmento ${line.segment ? segmentLabels[line.segment] : '(ninguno)'}; el proceso, de ${process.segment ? segmentLabels[process.segment] : '(ninguno)'}.`);
      else if (mismatch === 'type') refuse(`${named} va por ${processLabels[line.process]}; el proceso es ${processLabels[process.type]}.`);
      else adding.push(line);
    }
  }
  if (refusals.length > 0) {
    throw new HttpProblem(inAnother ? 409 : 422, problemTypes.lineNotAssignable, 'Líneas no asignables', `Ninguna línea se asignó. ${refusals[0]!.message}`, refusals);
  }

  const rows = adding.map((line) => ({
    lineId: line.id,
    quantity: line.quantity,
    referenceUnitPrice: line.unitPrice,
    referenceAmount: line.quantity === null || line.unitPrice === null ? null : lineAmount(line.quantity, line.unitPrice),
  }));
  await repository.insertProcessLines(tx.trx, processId, rows);
  tx.audit.push(
    ...rows.map((row) => ({ action: 'create' as const, entity: 'process_line' as const, entityId: processLineKey(processId, row.lineId), after: { processId, ...row } })),
  );
  return (await repository.findProcess(tx.trx, processId))!;
}

const awardFields = ['supplierRuc', 'supplierName', 'awardedUnitPrice', 'awardedQuantity'] as const;

/**
 * The reference price (while programado or convocado) and the award (while convocado or
 * adjudicado) of a line in a process. An award is supplier, price and quantity together, the
 * quantity the line's unless given; an unknown RUC creates the supplier (with supplierName); a
 * `supplierRuc` of null withdraws the award. Amounts are quantity × unit price, half up to the cent.
 */
export async function updateProcessLine(
  db: Db,
  context: AuditContext,
  now: Date,
  processId: number,
  lineId: number,
  input: ProcessLinePatch,
): Promise<ProcessLineDto> {
  const patch = parseRequest(processLinePatchSchema, input, 'body');
  return auditedTransaction(db, context, now, (tx) => writeProcessLine(tx, processId, lineId, patch));
}

async function writeProcessLine(tx: AuditedTransaction, processId: number, lineId: number, patch: ProcessLinePatch): Promise<ProcessLineDto> {
  const process = await lockProcessForWrite(tx, processId, 'share');
  const before = await lockOwnProcessLine(tx, process, lineId);
  if (patch.version !== undefined && patch.version !== before.version) throw new StaleVersionProblem(before);
  if (patch.referenceUnitPrice !== undefined && !lineAssignmentOpen.includes(process.status)) {
    throw processNotEditable(process, 'el precio de referencia se fija', lineAssignmentOpen, 'referenceUnitPrice');
  }
  const awardField = awardFields.find((field) => patch[field] !== undefined);
  if (awardField && !awardEntryOpen.includes(process.status)) throw processNotEditable(process, 'las adjudicaciones se registran', awardEntryOpen, awardField);

  const referenceUnitPrice = patch.referenceUnitPrice !== undefined ? patch.referenceUnitPrice : before.referenceUnitPrice;
  const withdrawn = patch.supplierRuc === null;
  const supplier =
    patch.supplierRuc === undefined ? before.supplier : withdrawn ? null : await supplierForAward(tx, patch.supplierRuc!, patch.supplierName);
  const awardedUnitPrice = patch.awardedUnitPrice !== undefined ? patch.awardedUnitPrice : withdrawn ? null : before.awardedUnitPrice;
  let awardedQuantity = patch.awardedQuantity !== undefined ? patch.awardedQuantity : withdrawn ? null : before.awardedQuantity;
  if (supplier && awardedQuantity === null && patch.awardedQuantity === undefined) awardedQuantity = before.quantity;

  const missing: FieldError[] = [];
  const need = (field: string, message: string) => missing.push({ field, in: 'body', message });
  const awarding = supplier !== null || awardedUnitPrice !== null || awardedQuantity !== null;
  if (awarding) {
    if (!supplier) need('supplierRuc', 'Indique el RUC del proveedor adjudicado.');
    if (awardedUnitPrice === null) need('awardedUnitPrice', 'Indique el precio unitario adjudicado.');
    if (awardedQuantity === null) need('awardedQuantity', `Indique la cantidad adjudicada${before.quantity === null ? ': la línea no tiene cantidad' : ''}.`);
  }
  if (patch.supplierName !== undefined && !patch.supplierRuc) need('supplierRuc', 'El nombre del proveedor va con su RUC.');
  const referenceAmount = before.quantity === null || referenceUnitPrice === null ? null : lineAmount(before.quantity, referenceUnitPrice);
  // The saving is measured against the reference: an award without one could not be counted.
  if (awarding && referenceAmount === null) {
    need('referenceUnitPrice', 'Una línea adjudicada necesita precio de referencia (y cantidad): el ahorro se mide contra él.');
  }
  if (missing.length > 0) throw new InvalidValueProblem(missing);

  const changes: repository.ProcessLineChanges = {
    referenceUnitPrice,
    referenceAmount,
    supplierId: supplier?.id ?? null,
    awardedUnitPrice,
    awardedQuantity,
    awardedAmount: awardedQuantity === null || awardedUnitPrice === null ? null : lineAmount(awardedQuantity, awardedUnitPrice),
  };
  const unchanged =
    changes.supplierId === (before.supplier?.id ?? null) &&
    sameDecimal(changes.referenceUnitPrice, before.referenceUnitPrice) &&
    sameDecimal(changes.awardedUnitPrice, before.awardedUnitPrice) &&
    sameDecimal(changes.awardedQuantity, before.awardedQuantity);
  if (unchanged) return before;
  await repository.updateProcessLineRow(tx.trx, processId, lineId, before.version, changes);
  const after = (await repository.findProcessLine(tx.trx, processId, lineId))!;
  tx.audit.push({ action: 'update', entity: 'process_line', entityId: processLineKey(processId, lineId), before: { processId, ...before }, after: { processId, ...after } });
  return after;
}

const sameDecimal = (a: string | null, b: string | null) => (a === null || b === null ? a === b : compareMoney(a, b) === 0);

async function lockOwnProcessLine(tx: AuditedTransaction, process: repository.ProcessRow, lineId: number): Promise<ProcessLineDto> {
  const line = await repository.lockProcessLine(tx.trx, process.id, lineId);
  if (!line) throw new NotFoundProblem(`El proceso «${process.code}» no tiene la línea ${lineId}.`, 'lineId');
  return line;
}

/** Takes a line out of a process while its lines may change (programado, convocado); with `version`, only if nobody changed it since. */
export async function releaseLine(db: Db, context: AuditContext, now: Date, processId: number, lineId: number, version?: number): Promise<void> {
  await auditedTransaction(db, context, now, async (tx) => {
    const process = await lockProcessForWrite(tx, processId, 'share');
    if (!lineAssignmentOpen.includes(process.status)) throw processNotEditable(process, 'sus líneas se retiran', lineAssignmentOpen, 'lineId', 'path');
    const before = await lockOwnProcessLine(tx, process, lineId);
    if (version !== undefined && version !== before.version) throw new StaleVersionProblem(before);
    await repository.deleteProcessLine(tx.trx, processId, lineId);
    tx.audit.push({ action: 'delete', entity: 'process_line', entityId: processLineKey(processId, lineId), before: { processId, ...before } });
  });
}
