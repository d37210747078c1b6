// What the API accepts: zod schemas used by the server to parse requests (and by client forms).
import { z } from 'zod';
import { MAX_PAGE_SIZE, itemSortKeys, lineSortKeys } from './api.ts';
import { channels, processes, segments, supplyLists } from './domain.ts';

// Spanish messages for every validation error, on both sides.
z.config(z.locales.es());

const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = (fallback: number) => z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(fallback);
const order = z.enum(['asc', 'desc']).default('asc');
const searchText = z.string().trim().max(200).optional();

export const idParamsSchema = z.object({
  id: z.coerce.number().int().min(1).max(2_147_483_647),
});

export const itemsQuerySchema = z.strictObject({
  supplyList: z.enum(supplyLists).optional(),
  q: searchText,
  page,
  pageSize: pageSize(50),
  sort: z.enum(itemSortKeys).default('code'),
  order,
});
export type ItemsQuery = z.infer<typeof itemsQuerySchema>;

export const linesQuerySchema = z.strictObject({
  channel: z.enum(channels).optional(),
  segment: z.enum(segments).optional(),
  process: z.enum(processes).optional(),
  q: searchText,
  page,
  pageSize: pageSize(100),
  sort: z.enum(lineSortKeys).default('code'),
  order,
});
export type LinesQuery = z.infer<typeof linesQuerySchema>;

export const budgetsQuerySchema = z.strictObject({
  fiscalYear: z.coerce.number().int().min(1990).max(2100),
});
export type BudgetsQuery = z.infer<typeof budgetsQuerySchema>;
