import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { ItemDto, ItemSortKey, PossibleDuplicate } from '../../../shared/api.ts';
import type { ItemInput, ItemsQuery } from '../../../shared/api-schemas.ts';
import { venClasses, type BudgetCategory, type SupplyList } from '../../../shared/domain.ts';
import { codeKey, descriptionKey } from '../../../shared/item-duplicates.ts';
import type { Database } from '../../../db/schema.ts';
import { containsPattern, domainOrder } from '../../../db/sql-helpers.ts';

type Db = Kysely<Database>;

const sortColumns = {
  code: sql`items.code`,
  name: sql`items.name_key`,
  supplyList: sql`items.supply_list`,
  therapeuticGroup: sql`fold_text(items.therapeutic_group)`,
  ven: domainOrder('items.ven', venClasses),
  oncology: sql`items.oncology`,
} satisfies Record<ItemSortKey, unknown>;

const itemColumns = [
  'items.id',
  'items.code',
  'items.name',
  'items.dci',
  'items.strength',
  'items.dosage_form as dosageForm',
  'items.supply_list as supplyList',
  'items.therapeutic_group as therapeuticGroup',
  'items.ven',
  'items.oncology',
  'items.budget_category as budgetCategory',
  'items.common_good_sheet as commonGoodSheet',
  'items.active',
  'items.version',
] as const;

function searchFilter(q: string | undefined): Expression<SqlBool> {
  return q ? sql<SqlBool>`items.search_text like ${containsPattern(q)}` : sql<SqlBool>`true`;
}

/** A page of the items passing the filters; the total comes from countItemsBySupplyList. */
export async function findItems(db: Db, query: ItemsQuery): Promise<ItemDto[]> {
  return db
    .selectFrom('items')
    .where(searchFilter(query.q))
    .$if(query.supplyList !== undefined, (qb) => qb.where('items.supply_list', '=', query.supplyList!))
    .select(itemColumns)
    .orderBy(sortColumns[query.sort], query.order)
    .orderBy('items.code')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
}

export async function countItemsBySupplyList(db: Db, q?: string): Promise<Record<SupplyList, number>> {
  const rows = await db
    .selectFrom('items')
    .where(searchFilter(q))
    .select(['supply_list', sql<number>`count(*)::int`.as('items')])
    .groupBy('supply_list')
    .execute();
  const counts: Record<SupplyList, number> = { centralized: 0, local: 0 };
  for (const row of rows) counts[row.supply_list] = row.items;
  return counts;
}

export async function findDeclaredFormulary(db: Db) {
  return db
    .selectFrom('declared_figures')
    .innerJoin('source_documents', 'source_documents.id', 'declared_figures.source_document_id')
    .where('declared_figures.scope', '=', 'formulary')
    .select([
      'declared_figures.supply_list as supplyList',
      'declared_figures.items',
      'source_documents.id as sourceId',
      'source_documents.title as sourceTitle',
      'source_documents.reference as sourceReference',
    ])
    .execute();
}

export async function findItemById(db: Db, id: number, options: { forUpdate?: boolean } = {}): Promise<ItemDto | undefined> {
  return db
    .selectFrom('items')
    .where('items.id', '=', id)
    .select(itemColumns)
    .$if(Boolean(options.forUpdate), (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** Every item as import compares it, with its id and version. */
export async function findAllItemInputs(db: Db): Promise<(ItemInput & { id: number; version: number })[]> {
  return db
    .selectFrom('items')
    .select([
      'id',
      'code',
      'dci',
      'strength',
      'dosage_form as dosageForm',
      'supply_list as supplyList',
      'therapeutic_group as therapeuticGroup',
      'ven',
      'oncology',
      'version',
    ])
    .execute();
}

export async function findItemsByIds(db: Db, ids: readonly number[]): Promise<ItemDto[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('items').where('items.id', 'in', ids).select(itemColumns).execute();
}

const ITEMS_PER_STATEMENT = 1000;

export async function insertItems(db: Db, items: readonly ItemInput[]): Promise<{ id: number; code: string }[]> {
  const inserted: { id: number; code: string }[] = [];
  for (let start = 0; start < items.length; start += ITEMS_PER_STATEMENT) {
    const batch = items.slice(start, start + ITEMS_PER_STATEMENT).map(toColumns);
    inserted.push(...(await db.insertInto('items').values(batch).returning(['id', 'code']).execute()));
  }
  return inserted;
}

/**
 * Rewrites many items (all but their code), each only while it is still at `version`, in a few
 * set-based statements. Returns how many were written: fewer means someone changed one since.
 * The version moves on by itself (trigger bump_version).
 */
export async function updateItemsAtVersion(
  db: Db,
  updates: readonly { id: number; version: number; after: ItemInput }[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < updates.length; start += ITEMS_PER_STATEMENT) {
    const batch = updates.slice(start, start + ITEMS_PER_STATEMENT);
    const column = <T>(value: (item: ItemInput) => T) => batch.map(({ after }) => value(after));
    const { rows } = await sql<{ id: number }>`
      update items set
        dci = u.dci, strength = u.strength, dosage_form = u.dosage_form, supply_list = u.supply_list,
        therapeutic_group = u.therapeutic_group, ven = u.ven, oncology = u.oncology
      from unnest(
        ${batch.map(({ id }) => id)}::int[], ${batch.map(({ version }) => version)}::int[],
        ${column((item) => item.dci)}::text[], ${column((item) => item.strength)}::text[], ${column((item) => item.dosageForm)}::text[],
        ${column((item) => item.supplyList)}::text[], ${column((item) => item.therapeuticGroup)}::text[], ${column((item) => item.ven)}::text[],
        ${column((item) => item.oncology)}::boolean[]
      ) as u(id, version, dci, strength, dosage_form, supply_list, therapeutic_group, ven, oncology)
      where items.id = u.id and items.version = u.version
      returning items.id
    `.execute(db);
    written += rows.length;
  }
  return written;
}

/** The version moves on by itself (trigger bump_version). */
export async function updateItemRow(db: Db, id: number, patch: Partial<ItemInput> & { active?: boolean }): Promise<void> {
  const { active, ...fields } = patch;
  await db
    .updateTable('items')
    .set({ ...toColumns(fields), ...(active === undefined ? {} : { active }) })
    .where('id', '=', id)
    .execute();
}

export async function isReferencedByLines(db: Db, id: number): Promise<boolean> {
  return Boolean(await db.selectFrom('purchase_lines').where('item_id', '=', id).select('id').limit(1).executeTakeFirst());
}

export async function deleteItemRow(db: Db, id: number): Promise<void> {
  await db.deleteFrom('items').where('id', '=', id).execute();
}

function toColumns(item: Partial<ItemInput>) {
  const columns = {
    code: item.code,
    dci: item.dci,
    strength: item.strength,
    dosage_form: item.dosageForm,
    supply_list: item.supplyList,
    therapeutic_group: item.therapeuticGroup,
    ven: item.ven,
    oncology: item.oncology,
    budget_category: item.budgetCategory,
    common_good_sheet: item.commonGoodSheet,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined)) as {
    code: string; dci: string; strength: string; dosage_form: string; supply_list: ItemInput['supplyList'];
    therapeutic_group: string; ven: ItemInput['ven']; oncology: boolean; budget_category?: BudgetCategory;
    common_good_sheet?: string | null;
  };
}

/** What an item being entered says about itself; what is missing is not compared. */
export interface DuplicateDraft {
  code?: string | undefined;
  dci?: string | undefined;
  strength?: string | undefined;
  dosageForm?: string | undefined;
  /** The item the draft is (an edit, an import row updating it): never its own duplicate. */
  exceptId?: number | undefined;
}

/** The most possible duplicates named for one draft. */
export const MAX_DUPLICATES_PER_ITEM = 5;

/**
 * For each draft (by its index), the stored items that may be the same medicine. The drafts' keys
 * come from shared/item-duplicates.ts; the items' are the columns code_key and description_key,
 * generated by the same rule in SQL.
 */
export async function findPossibleDuplicates(
  db: Db,
  drafts: readonly DuplicateDraft[],
): Promise<{ draft: number; duplicate: PossibleDuplicate }[]> {
  if (drafts.length === 0) return [];
  const codeKeys = drafts.map((draft) => (draft.code ? codeKey(draft.code) : null));
  const descriptionKeys = drafts.map(({ dci, strength, dosageForm }) =>
    dci && strength && dosageForm ? descriptionKey({ dci, strength, dosageForm }) : null,
  );
  const exceptIds = drafts.map((draft) => draft.exceptId ?? null);
  // One join per key (an index probe for the form's one draft); the second leaves out what the
  // first found, so no item is named twice.
  const { rows } = await sql<{ draft: number; id: number; code: string; name: string; sameCode: boolean; sameDescription: boolean }>`
    with drafts as (
      select ordinal::int - 1 as draft, code_key, description_key, except_id
      from unnest(${codeKeys}::text[], ${descriptionKeys}::text[], ${exceptIds}::int[])
        with ordinality as d(code_key, description_key, except_id, ordinal)
    ),
    matches as (
      select drafts.draft, items.id, items.code, items.name, true as "sameCode",
        coalesce(items.description_key = drafts.description_key, false) as "sameDescription"
      from drafts join items on items.code_key = drafts.code_key
      where items.id is distinct from drafts.except_id
      union all
      select drafts.draft, items.id, items.code, items.name, false, true
      from drafts join items on items.description_key = drafts.description_key
      where items.id is distinct from drafts.except_id and items.code_key is distinct from drafts.code_key
    )
    select draft, id, code, name, "sameCode", "sameDescription"
    from (select *, row_number() over (partition by draft order by code) as rank from matches) as ranked
    where rank <= ${MAX_DUPLICATES_PER_ITEM}
    order by draft, code
  `.execute(db);
  return rows.map(({ draft, sameCode, sameDescription, ...item }) => ({
    draft,
    duplicate: { ...item, reasons: [...(sameCode ? ['code' as const] : []), ...(sameDescription ? ['description' as const] : [])] },
  }));
}

/** Each therapeutic group the formulary uses, with how many items are in it (in no particular order). */
export async function countItemsByTherapeuticGroup(db: Db): Promise<{ name: string; items: number }[]> {
  return db
    .selectFrom('items')
    .select(['therapeutic_group as name', sql<number>`count(*)::int`.as('items')])
    .groupBy('therapeutic_group')
    .execute();
}
