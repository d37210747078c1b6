// Quantification inputs (issue 14): an item's monthly consumption, stock positions and supply
// parameters, edited one item at a time or imported from a spreadsheet through the import
// pipeline (server/platform/import/), each kind its own importer: compare by key with what is
// stored, apply all or nothing, audited. A month (or stock date) after the app's current one is
// refused: the data is what happened.
import Decimal from 'decimal.js';
import type { Kysely } from 'kysely';
import type { ImportChange, ImportReport } from '../../../shared/api.ts';
import {
  consumptionColumns,
  consumptionPutSchema,
  consumptionRowSchema,
  parameterColumns,
  parameterRowSchema,
  stockColumns,
  stockPutSchema,
  stockRowSchema,
  supplyParametersPutSchema,
  type ConsumptionKey,
  type ConsumptionPut,
  type ConsumptionRow,
  type ConsumptionSheetKind,
  type ParameterKey,
  type ParameterRow,
  type StockKey,
  type StockPut,
  type StockRow,
  type SupplyParametersPut,
} from '../../../shared/consumption-sheet.ts';
import { quoteValue } from '../../../shared/import-columns.ts';
import type { ConsumptionRecordDto, MonthlyConsumptionDto, StockPositionDto, SupplyParametersDto } from '../../../shared/quantification-api.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { findItemById } from '../items/items.repository.ts';
import { limaDate } from '../../platform/clock.ts';
import { ConflictProblem, InvalidValueProblem, NotFoundProblem, StaleVersionProblem, type FieldError } from '../../platform/http/problem.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import type { UploadedFile } from '../../platform/import/file-upload.ts';
import { runImport, type AuditedRecord, type ImportIssue, type ImportOptions, type Importer } from '../../platform/import/import-pipeline.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import * as repository from './consumption.repository.ts';

type Db = Kysely<Database>;

const same = (a: string, b: string) => new Decimal(a).eq(b);
/** The current month in Lima (yyyy-mm): the last one that may hold data. */
export const currentMonth = (now: Date) => limaDate(now).slice(0, 7);
const futureMonthMessage = (month: string, now: Date) => `Mes: ${month} es posterior al mes en curso (${currentMonth(now)}); solo se registra lo ya consumido`;
const futureDateMessage = (date: string, now: Date) => `Fecha: ${date} es posterior a hoy (${limaDate(now)})`;

async function requireItem(db: Db, itemId: number) {
  const item = await findItemById(db, itemId);
  if (!item) throw new NotFoundProblem(`No existe el ítem ${itemId}.`, 'id');
  return item;
}

// ---- One item ------------------------------------------------------------------------------

/** The item's records per care network and month, and its national monthly totals (its history chart). */
export async function getConsumption(db: Db, itemId: number): Promise<{ itemId: number; records: ConsumptionRecordDto[]; months: MonthlyConsumptionDto[] }> {
  await requireItem(db, itemId);
  const [records, months] = await Promise.all([repository.findConsumption(db, itemId), repository.findMonthlyTotals(db, itemId)]);
  return { itemId, records, months };
}

/** Adds or replaces months of an item's consumption; a month in the future refuses the whole request (422). */
export async function putConsumption(db: Db, context: AuditContext, now: Date, itemId: number, input: ConsumptionPut) {
  const records = checkedConsumption(input, now);
  return auditedTransaction(db, context, now, async (tx) => {
    await requireItem(tx.trx, itemId);
    const changed = await writeConsumption(tx, [{ itemId, records }]);
    return { itemId, changed, records: await repository.findConsumption(tx.trx, itemId) };
  });
}

/** An item's records as its PUT takes them; a future or repeated month refuses them all (422). */
function checkedConsumption(input: ConsumptionPut, now: Date): ConsumptionRecordDto[] {
  const { records } = parseRequest(consumptionPutSchema, input, 'body');
  const future = records.flatMap((record, index): FieldError[] =>
    record.month > currentMonth(now) ? [{ field: `records.${index}.month`, in: 'body', message: futureMonthMessage(record.month, now) }] : [],
  );
  if (future.length > 0) throw new InvalidValueProblem(future);
  const seen = new Map<string, number>();
  const repeated = records.flatMap((record, index): FieldError[] => {
    const key = `${record.careNetwork}|${record.month}`;
    const first = seen.get(key);
    seen.set(key, first ?? index);
    return first === undefined ? [] : [{ field: `records.${index}.month`, in: 'body', message: `Mes ${record.month} repetido (ya en records.${first})` }];
  });
  if (repeated.length > 0) throw new InvalidValueProblem(repeated);
  return records;
}

/** Writes the records that differ from the stored ones (in set-sized statements), each audited; returns how many. */
async function writeConsumption(tx: AuditedTransaction, items: readonly { itemId: number; records: readonly ConsumptionRecordDto[] }[]): Promise<number> {
  const stored = await repository.findConsumptionOf(tx.trx, items.map((item) => item.itemId));
  const changed = items.flatMap(({ itemId, records }) =>
    records.flatMap((record) => {
      const before = stored.get(repository.consumptionKey(itemId, record.careNetwork, record.month)) ?? null;
      return before && same(before.consumed, record.consumed) && before.daysOutOfStock === record.daysOutOfStock ? [] : [{ itemId, record, before }];
    }),
  );
  await repository.upsertConsumption(tx.trx, changed.map(({ itemId, record }) => ({ itemId, ...record })));
  tx.audit.push(
    ...changed.map(({ itemId, record, before }) => ({
      action: before ? ('update' as const) : ('create' as const),
      entity: 'consumption_record' as const,
      entityId: `${itemId}/${record.careNetwork}/${record.month}`,
      before,
      after: record,
    })),
  );
  return changed.length;
}

export async function getStock(db: Db, itemId: number): Promise<{ itemId: number; positions: StockPositionDto[] }> {
  await requireItem(db, itemId);
  return { itemId, positions: await repository.findStock(db, itemId) };
}

export async function putStock(db: Db, context: AuditContext, now: Date, itemId: number, input: StockPut) {
  const position = checkedStock(input, now);
  return auditedTransaction(db, context, now, async (tx) => {
    await requireItem(tx.trx, itemId);
    const before = (await repository.findStockOf(tx.trx, [itemId])).get(repository.stockKey(itemId, position.careNetwork)) ?? null;
    await repository.upsertStock(tx.trx, [{ itemId, ...position }]);
    tx.audit.push({ action: before ? 'update' : 'create', entity: 'stock_position', entityId: `${itemId}/${position.careNetwork}`, before, after: position });
    return { itemId, positions: await repository.findStock(tx.trx, itemId) };
  });
}

export async function getSupplyParameters(db: Db, itemId: number): Promise<SupplyParametersDto | null> {
  await requireItem(db, itemId);
  return (await repository.findParameters(db, itemId)) ?? null;
}

/** Sets all of an item's parameters, made on `version` (none the first time): a stale one gets 409 with the current. */
export async function putSupplyParameters(db: Db, context: AuditContext, now: Date, itemId: number, input: SupplyParametersPut): Promise<SupplyParametersDto> {
  const { version, ...values } = parseRequest(supplyParametersPutSchema, input, 'body');
  const parameters = { ...values, packSize: Number(values.packSize) };
  return auditedTransaction(db, context, now, async (tx) => {
    await requireItem(tx.trx, itemId);
    const before = await repository.findParameters(tx.trx, itemId, { forUpdate: true });
    if (before === undefined ? version !== undefined : before.version !== version) {
      if (before) throw new StaleVersionProblem(before);
      throw new ConflictProblem(`El ítem ${itemId} aún no tiene parámetros: envíelos sin versión.`, 'version');
    }
    const written = before
      ? await repository.updateParametersAtVersion(tx.trx, itemId, before.version, parameters)
      : await repository.insertParameters(tx.trx, itemId, parameters);
    if (!written) throw new StaleVersionProblem((await repository.findParameters(tx.trx, itemId))!);
    const after = (await repository.findParameters(tx.trx, itemId))!;
    tx.audit.push({ action: before ? 'update' : 'create', entity: 'supply_parameters', entityId: itemId, before: before ?? null, after });
    return after;
  });
}

function checkedStock(input: StockPut, now: Date): StockPositionDto {
  const position = parseRequest(stockPutSchema, input, 'body');
  if (position.asOf > limaDate(now)) throw new InvalidValueProblem([{ field: 'asOf', in: 'body', message: futureDateMessage(position.asOf, now) }]);
  return position;
}

// ---- Many items at once --------------------------------------------------------------------

/** One item's inputs as the PUTs take them; parameters only for an item that has none yet. */
export interface ItemInputs {
  itemId: number;
  consumption: ConsumptionPut;
  stock: StockPut;
  parameters: Omit<SupplyParametersPut, 'version'>;
}

/**
 * Several items' consumption, stock position and first parameters in the caller's transaction (the
 * demo seed): each checked as its PUT checks it, written in set-sized statements, audited as the
 * PUTs audit them.
 */
export async function setInputsInTransaction(tx: AuditedTransaction, now: Date, inputs: readonly ItemInputs[]): Promise<void> {
  const checked = inputs.map((input) => {
    const { version: _version, ...values } = parseRequest(supplyParametersPutSchema, input.parameters, 'body');
    return {
      itemId: input.itemId,
      records: checkedConsumption(input.consumption, now),
      position: checkedStock(input.stock, now),
      parameters: { ...values, packSize: Number(values.packSize) },
    };
  });
  const itemIds = checked.map((input) => input.itemId);
  const existing = await repository.findExistingItemIds(tx.trx, itemIds);
  const missing = itemIds.find((itemId) => !existing.has(itemId));
  if (missing !== undefined) throw new NotFoundProblem(`No existe el ítem ${missing}.`, 'id');
  const withParameters = await repository.findParametersOf(tx.trx, itemIds);
  if (withParameters.size > 0) throw new ConflictProblem(`El ítem ${[...withParameters.keys()][0]} ya tiene parámetros.`, 'version');

  await writeConsumption(tx, checked);

  const stock = await repository.findStockOf(tx.trx, itemIds);
  await repository.upsertStock(tx.trx, checked.map(({ itemId, position }) => ({ itemId, ...position })));
  await repository.insertManyParameters(tx.trx, checked.map(({ itemId, parameters }) => ({ itemId, ...parameters })));
  for (const { itemId, position, parameters } of checked) {
    const before = stock.get(repository.stockKey(itemId, position.careNetwork)) ?? null;
    tx.audit.push(
      { action: before ? 'update' : 'create', entity: 'stock_position', entityId: `${itemId}/${position.careNetwork}`, before, after: position },
      { action: 'create', entity: 'supply_parameters', entityId: itemId, before: null, after: { itemId, ...parameters, version: 1 } },
    );
  }
}

// ---- Import --------------------------------------------------------------------------------

/** Rows keyed by what identifies them; a repeated key and an unknown code are errors naming their row. */
interface Keyed<T> {
  row: number;
  itemId: number;
  code: string;
  value: T;
}

async function* withItems<Row extends { code: string }>(
  db: Db,
  rows: AsyncIterable<{ rowNumber: number; value: Row }>,
  codeHeading: string,
  errors: ImportIssue[],
): AsyncGenerator<Keyed<Row>> {
  const items = await repository.findItemIdsByCode(db);
  for await (const { rowNumber: row, value } of rows) {
    const item = items.get(value.code.toLowerCase());
    if (!item) {
      errors.push({ row, column: codeHeading, message: `Código ${quoteValue(value.code)}: no existe en el petitorio.` });
      continue;
    }
    yield { row, itemId: item.id, code: item.code, value };
  }
}

interface ConsumptionPlan {
  write: (Keyed<ConsumptionRecordDto> & { before: ConsumptionRecordDto | null })[];
}

function consumptionImporter(now: Date): Importer<ConsumptionKey, ConsumptionRow, ConsumptionPlan> {
  return {
    entity: 'consumption_record',
    columns: consumptionColumns,
    rowSchema: consumptionRowSchema,
    async compare(db, rows, columns) {
      const errors: ImportIssue[] = [];
      const accepted: Keyed<ConsumptionRecordDto>[] = [];
      const rowOfKey = new Map<string, number>();
      for await (const { row, itemId, code, value } of withItems(db, rows, columns.headingOf('code'), errors)) {
        if (value.month > currentMonth(now)) {
          errors.push({ row, column: columns.headingOf('month'), message: futureMonthMessage(value.month, now) });
          continue;
        }
        const record = { careNetwork: value.careNetwork ?? '', month: value.month, consumed: value.consumed, daysOutOfStock: Number(value.daysOutOfStock ?? '0') };
        const key = repository.consumptionKey(itemId, record.careNetwork, record.month);
        const first = rowOfKey.get(key);
        if (first !== undefined) {
          errors.push({ row, column: columns.headingOf('month'), message: `Código ${quoteValue(code)}, red ${quoteValue(record.careNetwork || 'nacional')}, mes ${record.month}: repetido (ya en la fila ${first}).` });
          continue;
        }
        rowOfKey.set(key, row);
        accepted.push({ row, itemId, code, value: record });
      }
      const stored = await repository.findConsumptionOf(db, [...new Set(accepted.map((entry) => entry.itemId))]);
      const changes: ImportChange[] = [];
      const plan: ConsumptionPlan = { write: [] };
      for (const entry of accepted) {
        const before = stored.get(repository.consumptionKey(entry.itemId, entry.value.careNetwork, entry.value.month)) ?? null;
        if (before && same(before.consumed, entry.value.consumed) && before.daysOutOfStock === entry.value.daysOutOfStock) {
          changes.push({ kind: 'unchanged', row: entry.row, code: entry.code });
          continue;
        }
        plan.write.push({ ...entry, before });
        changes.push(before ? { kind: 'changed', row: entry.row, code: entry.code, before: { ...before }, after: { ...entry.value } } : { kind: 'new', row: entry.row, code: entry.code, after: { ...entry.value } });
      }
      return { changes, errors, warnings: [], plan };
    },
    async apply(trx, plan) {
      await repository.upsertConsumption(trx, plan.write.map((entry) => ({ itemId: entry.itemId, ...entry.value })));
      return plan.write.map((entry): AuditedRecord => ({
        entityId: `${entry.itemId}/${entry.value.careNetwork}/${entry.value.month}`,
        before: entry.before ? { ...entry.before } : null,
        after: { code: entry.code, ...entry.value },
      }));
    },
  };
}

interface StockPlan {
  write: (Keyed<StockPositionDto> & { before: StockPositionDto | null })[];
}

function stockImporter(now: Date): Importer<StockKey, StockRow, StockPlan> {
  return {
    entity: 'stock_position',
    columns: stockColumns,
    rowSchema: stockRowSchema,
    async compare(db, rows, columns) {
      const errors: ImportIssue[] = [];
      const accepted: Keyed<StockPositionDto>[] = [];
      const rowOfKey = new Map<string, number>();
      for await (const { row, itemId, code, value } of withItems(db, rows, columns.headingOf('code'), errors)) {
        if (value.asOf > limaDate(now)) {
          errors.push({ row, column: columns.headingOf('asOf'), message: futureDateMessage(value.asOf, now) });
          continue;
        }
        const position = { careNetwork: value.careNetwork ?? '', asOf: value.asOf, stockOnHand: value.stockOnHand, stockOnOrder: value.stockOnOrder ?? '0' };
        const key = repository.stockKey(itemId, position.careNetwork);
        const first = rowOfKey.get(key);
        if (first !== undefined) {
          errors.push({ row, column: columns.headingOf('code'), message: `Código ${quoteValue(code)}, red ${quoteValue(position.careNetwork || 'nacional')}: repetido (ya en la fila ${first}).` });
          continue;
        }
        rowOfKey.set(key, row);
        accepted.push({ row, itemId, code, value: position });
      }
      const stored = await repository.findStockOf(db, [...new Set(accepted.map((entry) => entry.itemId))]);
      const changes: ImportChange[] = [];
      const plan: StockPlan = { write: [] };
      for (const entry of accepted) {
        const before = stored.get(repository.stockKey(entry.itemId, entry.value.careNetwork)) ?? null;
        if (before && before.asOf === entry.value.asOf && same(before.stockOnHand, entry.value.stockOnHand) && same(before.stockOnOrder, entry.value.stockOnOrder)) {
          changes.push({ kind: 'unchanged', row: entry.row, code: entry.code });
          continue;
        }
        plan.write.push({ ...entry, before });
        changes.push(before ? { kind: 'changed', row: entry.row, code: entry.code, before: { ...before }, after: { ...entry.value } } : { kind: 'new', row: entry.row, code: entry.code, after: { ...entry.value } });
      }
      return { changes, errors, warnings: [], plan };
    },
    async apply(trx, plan) {
      await repository.upsertStock(trx, plan.write.map((entry) => ({ itemId: entry.itemId, ...entry.value })));
      return plan.write.map((entry): AuditedRecord => ({
        entityId: `${entry.itemId}/${entry.value.careNetwork}`,
        before: entry.before ? { ...entry.before } : null,
        after: { code: entry.code, ...entry.value },
      }));
    },
  };
}

type ParameterValues = repository.ParameterValues;

interface ParameterPlan {
  write: (Keyed<ParameterValues> & { before: SupplyParametersDto | null })[];
}

const sameParameters = (a: ParameterValues, b: ParameterValues) =>
  a.packSize === b.packSize &&
  (['leadTimeMonths', 'procurementPeriodMonths', 'safetyStockMonths', 'minMonths', 'maxMonths'] as const).every((key) => same(a[key], b[key]));

const parametersImporter: Importer<ParameterKey, ParameterRow, ParameterPlan> = {
  entity: 'supply_parameters',
  columns: parameterColumns,
  rowSchema: parameterRowSchema,
  async compare(db, rows, columns) {
    const errors: ImportIssue[] = [];
    const accepted: Keyed<ParameterValues>[] = [];
    const rowOfItem = new Map<number, number>();
    for await (const { row, itemId, code, value } of withItems(db, rows, columns.headingOf('code'), errors)) {
      const first = rowOfItem.get(itemId);
      if (first !== undefined) {
        errors.push({ row, column: columns.headingOf('code'), message: `Código ${quoteValue(code)} repetido (ya en la fila ${first}).` });
        continue;
      }
      rowOfItem.set(itemId, row);
      const { code: _code, ...values } = value;
      accepted.push({ row, itemId, code, value: { ...values, packSize: Number(values.packSize) } });
    }
    const stored = await repository.findParametersOf(db, accepted.map((entry) => entry.itemId));
    const changes: ImportChange[] = [];
    const plan: ParameterPlan = { write: [] };
    for (const entry of accepted) {
      const before = stored.get(entry.itemId) ?? null;
      if (before && sameParameters(before, entry.value)) {
        changes.push({ kind: 'unchanged', row: entry.row, code: entry.code });
        continue;
      }
      plan.write.push({ ...entry, before });
      const { itemId: _id, version: _version, ...shownBefore } = before ?? { itemId: 0, version: 0 };
      changes.push(before ? { kind: 'changed', row: entry.row, code: entry.code, before: shownBefore, after: { ...entry.value } } : { kind: 'new', row: entry.row, code: entry.code, after: { ...entry.value } });
    }
    return { changes, errors, warnings: [], plan };
  },
  async apply(trx, plan) {
    let moved = 0;
    for (const entry of plan.write) {
      const written = entry.before
        ? await repository.updateParametersAtVersion(trx, entry.itemId, entry.before.version, entry.value)
        : await repository.insertParameters(trx, entry.itemId, entry.value);
      if (!written) moved++;
    }
    if (moved > 0) {
      throw new ConflictProblem(`Otra persona cambió los parámetros de ${moved} ítem(s) mientras se importaba; vuelva a cargar el archivo.`, 'file');
    }
    return plan.write.map((entry): AuditedRecord => ({ entityId: entry.itemId, before: entry.before ? { ...entry.before } : null, after: { code: entry.code, ...entry.value } }));
  },
};

export function importConsumptionSheet(
  db: Db,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'>,
  now: Date,
  kind: ConsumptionSheetKind,
  file: UploadedFile,
  options: ImportOptions,
): Promise<ImportReport> {
  if (kind === 'stock') return runImport(db, context, now, stockImporter(now), file, options);
  if (kind === 'parameters') return runImport(db, context, now, parametersImporter, file, options);
  return runImport(db, context, now, consumptionImporter(now), file, options);
}

/** The rows export writes for a kind, in the columns import reads. */
export async function exportRows(db: Db, kind: ConsumptionSheetKind): Promise<string[][]> {
  if (kind === 'stock') {
    return (await repository.findAllStock(db)).map((p) => [p.code, p.careNetwork, p.asOf, p.stockOnHand, p.stockOnOrder]);
  }
  if (kind === 'parameters') {
    return (await repository.findAllParameters(db)).map((p) => [p.code, p.leadTimeMonths, p.procurementPeriodMonths, p.safetyStockMonths, String(p.packSize), p.minMonths, p.maxMonths]);
  }
  return (await repository.findAllConsumption(db)).map((r) => [r.code, r.careNetwork, r.month, r.consumed, String(r.daysOutOfStock)]);
}
