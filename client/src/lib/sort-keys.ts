// The API's sort keys, restated here so the client bundle imports only *types* from
// shared/api.ts: importing its values would pull the zod schemas (and zod) into the browser.
// The `satisfies` clauses and the exhaustiveness checks below keep both lists in step with the contract.
import type { ItemSortKey, LineSortKey } from '../../../shared/api.ts';

export const itemSortKeys = [
  'code',
  'name',
  'supplyList',
  'therapeuticGroup',
  'ven',
  'oncology',
] as const satisfies readonly ItemSortKey[];

export const lineSortKeys = [
  'code',
  'name',
  'channel',
  'process',
  'quantity',
  'unitPrice',
  'amount',
] as const satisfies readonly LineSortKey[];

type Exhaustive<TAll, TListed> = [Exclude<TAll, TListed>] extends [never] ? true : false;
const itemKeysComplete: Exhaustive<ItemSortKey, (typeof itemSortKeys)[number]> = true;
const lineKeysComplete: Exhaustive<LineSortKey, (typeof lineSortKeys)[number]> = true;
void itemKeysComplete;
void lineKeysComplete;
