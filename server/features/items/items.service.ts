import type { Kysely } from 'kysely';
import type { CreatedItemDto, FormularySummary, ItemDto, ItemsPage, PossibleDuplicate, TherapeuticGroups } from '../../../shared/api.ts';
import { itemInputSchema, itemsInputSchema, type HistoryQuery, type ItemInput, type ItemPatch, type ItemsQuery } from '../../../shared/api-schemas.ts';
import type { RecordHistoryPage } from '../../../shared/auth.ts';
import { supplyLists } from '../../../shared/domain.ts';
import type { Database } from '../../../db/schema.ts';
import { auditedTransaction, recordAudit, recordHistory, type AuditContext, type AuditedTransaction } from '../audit/audit.service.ts';
import { ConflictProblem, NotFoundProblem, StaleVersionProblem } from '../../platform/http/problem.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import { parseRequest } from '../../platform/http/validate.ts';
import {
  countItemsBySupplyList,
  countItemsByTherapeuticGroup,
  deleteItemRow,
  findDeclaredFormulary,
  findItemById,
  findItems,
  findItemsByIds,
  findPossibleDuplicates,
  insertItems,
  isReferencedByLines,
  updateItemRow,
} from './items.repository.ts';

type Context = Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'>;

export async function listItems(db: Kysely<Database>, query: ItemsQuery): Promise<ItemsPage> {
  // The counts per supply list are those of the search: the total is one of them, or their sum.
  const [items, supplyListCounts] = await Promise.all([findItems(db, query), countItemsBySupplyList(db, query.q)]);
  const total = query.supplyList ? supplyListCounts[query.supplyList] : supplyLists.reduce((sum, list) => sum + supplyListCounts[list], 0);
  return { items, total, supplyListCounts };
}

/** The formulary's size per supply list, beside what the source document declares. */
export async function summarizeFormulary(db: Kysely<Database>): Promise<FormularySummary> {
  const [counts, declared] = await Promise.all([countItemsBySupplyList(db), findDeclaredFormulary(db)]);
  const declaredFor = (supplyList: string | null) =>
    declared.find((figure) => figure.supplyList === supplyList)?.items ?? null;
  const source = declared[0];
  return {
    rows: supplyLists.map((supplyList) => ({
      supplyList,
      items: counts[supplyList],
      declaredItems: declaredFor(supplyList),
    })),
    totals: { items: counts.centralized + counts.local, declaredItems: declaredFor(null) },
    source: source ? { id: source.sourceId, title: source.sourceTitle, reference: source.sourceReference } : null,
  };
}

export const getItem = (db: Kysely<Database>, id: number): Promise<ItemDto> => requireItem(db, id);

/** The item's changes from the audit trail; every reader of the formulary may see who changed it. */
export async function itemHistory(db: Kysely<Database>, id: number, query: HistoryQuery): Promise<RecordHistoryPage> {
  await requireItem(db, id);
  return recordHistory(db, 'item', id, query);
}

async function requireItem(db: Kysely<Database>, id: number, forUpdate = false): Promise<ItemDto> {
  const item = await findItemById(db, id, { forUpdate });
  if (!item) throw new NotFoundProblem(`No existe el ítem ${id}.`, 'id');
  return item;
}

/**
 * Created even when it may repeat another item: the answer names those, as the form warned. A code
 * taken in any case is refused by the database (items_code_lower_key), even when two requests race.
 */
export async function createItem(db: Kysely<Database>, context: AuditContext, now: Date, input: ItemInput): Promise<CreatedItemDto> {
  const item = parseRequest(itemInputSchema, input, 'body');
  const [created] = await auditedTransaction(db, context, now, (tx) => insertAndAudit(tx, [item]));
  return created!;
}

/** Many items at once, each as createItem creates one (and audits it): for the demo seed and bulk entry. */
export async function createItems(db: Kysely<Database>, context: AuditContext, now: Date, input: ItemInput[]): Promise<CreatedItemDto[]> {
  return auditedTransaction(db, context, now, (tx) => createItemsInTransaction(tx, input));
}

/** createItems inside a caller's transaction; the audit events join the transaction's. */
export async function createItemsInTransaction(tx: AuditedTransaction, input: ItemInput[]): Promise<CreatedItemDto[]> {
  return insertAndAudit(tx, parseRequest(itemsInputSchema, input, 'body'));
}

async function insertAndAudit(tx: AuditedTransaction, items: readonly ItemInput[]): Promise<CreatedItemDto[]> {
  const ids = (await insertItems(tx.trx, items)).map(({ id }) => id);
  const [rows, duplicates] = await Promise.all([
    findItemsByIds(tx.trx, ids),
    findPossibleDuplicates(tx.trx, items.map((item, index) => ({ ...item, exceptId: ids[index] }))),
  ]);
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const created = ids.map((id) => rowById.get(id)!);
  const duplicatesOf = new Map<number, PossibleDuplicate[]>();
  for (const { draft, duplicate } of duplicates) duplicatesOf.set(draft, [...(duplicatesOf.get(draft) ?? []), duplicate]);
  tx.audit.push(...created.map((item) => ({ action: 'create' as const, entity: 'item' as const, entityId: item.id, after: item })));
  return created.map((item, index) => ({
    ...item,
    possibleDuplicates: duplicatesOf.get(index) ?? [],
  }));
}

/** Applies a change made on `patch.version`; if someone changed the item since, nothing is overwritten. */
export async function updateItem(db: Kysely<Database>, context: Context, now: Date, id: number, patch: ItemPatch): Promise<ItemDto> {
  return db.transaction().execute(async (trx) => {
    const before = await requireItem(trx, id, true);
    if (before.version !== patch.version) throw new StaleVersionProblem(before);
    const { version: _read, ...requested } = patch;
    // Only what really differs is a change: a no-op edit neither bumps the version nor is audited.
    const changes = Object.fromEntries(
      Object.entries(requested).filter(([field, value]) => before[field as keyof ItemDto] !== value),
    ) as typeof requested;
    if (Object.keys(changes).length === 0) return before;
    await updateItemRow(trx, id, changes);
    const after = await requireItem(trx, id);
    await recordAudit(trx, context, now, { action: 'update', entity: 'item', entityId: id, before, after });
    return after;
  });
}

/** Only an item no purchase line refers to may go; the others are deactivated instead. */
export async function deleteItem(db: Kysely<Database>, context: Context, now: Date, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await requireItem(trx, id, true);
    if (await isReferencedByLines(trx, id)) {
      throw new ConflictProblem('Este ítem figura en líneas de compra: desactívelo en lugar de eliminarlo.', 'id');
    }
    await deleteItemRow(trx, id);
    await recordAudit(trx, context, now, { action: 'delete', entity: 'item', entityId: id, before });
  });
}

const spanish = new Intl.Collator('es');

/**
 * The groups to suggest in the item form, in the order a Spanish reader expects (Á with A, Ñ
 * after N): sorted here, as neither PGlite's nor a server's collation can be counted on for it.
 */
export async function listTherapeuticGroups(db: Kysely<Database>): Promise<TherapeuticGroups> {
  const groups = await countItemsByTherapeuticGroup(db);
  return { groups: groups.sort((a, b) => spanish.compare(a.name, b.name)) };
}
