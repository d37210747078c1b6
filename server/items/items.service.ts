import type { Kysely } from 'kysely';
import type { FormularySummary, ItemsPage } from '../../shared/api.ts';
import type { ItemsQuery } from '../../shared/api-schemas.ts';
import { supplyLists } from '../../shared/domain.ts';
import type { Database } from '../../db/schema.ts';
import { countItemsBySupplyList, findDeclaredFormulary, findItems } from './items.repository.ts';

export async function listItems(db: Kysely<Database>, query: ItemsQuery): Promise<ItemsPage> {
  const [page, supplyListCounts] = await Promise.all([findItems(db, query), countItemsBySupplyList(db, query.q)]);
  return { ...page, supplyListCounts };
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
