// What the quantification and analysis routes of a programme take and give (issue 14):
// suggested quantities, accepting them, ABC, ABC × VEN and the programme's indicators. The client
// reads these types and reuses the schemas for its filters.
import { z } from 'zod';
import './api-schemas.ts';
import type { AbcClass, AbcClassSummary, AbcVenCategorySummary, AbcVenCellSummary } from './abc-analysis.ts';
import type { ConsumptionSheetKind } from './consumption-sheet.ts';
import { venClasses, type VenClass } from './domain.ts';
import type { QuantificationResult } from './quantification.ts';

/**
 * EsSalud's insured population, the denominator of spend per insured person: 8,973,383
 * (4,976,256 holders and 3,997,127 dependants), as the report on EsSalud's pharmaceutical
 * procurement publishes it (see docs/quantification.md).
 */
export const INSURED_POPULATION = '8973383';

export const quantificationMethods = ['who', 'openlmis'] as const;
export type QuantificationMethod = (typeof quantificationMethods)[number];

/**
 * Review period: the months up to `until` (yyyy-mm); by default the 12 months before the
 * programme's fiscal year, or before the current month when that comes first.
 */
export const DEFAULT_REVIEW_MONTHS = 12;
export const MAX_REVIEW_MONTHS = 60;

/**
 * Parameters an item without its own takes, said so in each suggestion: 3 months of lead time, a
 * year's purchase, 3 months of safety stock, units sold one by one, 3 to 6 months of stock.
 */
export const DEFAULT_SUPPLY_PARAMETERS = {
  leadTimeMonths: '3',
  procurementPeriodMonths: '12',
  safetyStockMonths: '3',
  packSize: 1,
  minMonths: '3',
  maxMonths: '6',
} as const;

const page = z.coerce.number().int().min(1).max(1_000_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(1000).default(100);
const monthText = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'Escriba año y mes, por ejemplo 2026-11' });

export const periodQueryShape = {
  until: monthText.optional(),
  months: z.coerce.number().int().min(1).max(MAX_REVIEW_MONTHS).default(DEFAULT_REVIEW_MONTHS),
};

export const quantificationQuerySchema = z.strictObject({
  method: z.enum(quantificationMethods, { message: 'Elija «who» (OMS/MSH) u «openlmis»' }).default('who'),
  ...periodQueryShape,
  page,
  pageSize,
});
export type QuantificationQuery = z.infer<typeof quantificationQuerySchema>;

export const acceptSuggestionsSchema = z.strictObject({
  method: z.enum(quantificationMethods, { message: 'Elija «who» (OMS/MSH) u «openlmis»' }).default('who'),
  until: monthText.optional(),
  months: z.number().int().min(1).max(MAX_REVIEW_MONTHS).default(DEFAULT_REVIEW_MONTHS),
  itemIds: z.array(z.number().int().min(1).max(2_147_483_647)).min(1, { message: 'Elija al menos un ítem' }).max(20_000),
});
export type AcceptSuggestionsInput = z.input<typeof acceptSuggestionsSchema>;

const cutoff = z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, { message: 'Un porcentaje entre 0 y 100, con punto decimal' });

export const abcQuerySchema = z.strictObject({
  a: cutoff.optional(),
  b: cutoff.optional(),
  class: z.enum(['A', 'B', 'C']).optional(),
  ven: z.enum(venClasses).optional(),
  page,
  pageSize,
});
export type AbcQuery = z.infer<typeof abcQuerySchema>;

/** Categories as a query: `I:AV,AE,AN,BV,CV;II:BE,CE,BN;III:CN`. */
export const abcVenQuerySchema = z.strictObject({
  a: cutoff.optional(),
  b: cutoff.optional(),
  categories: z.string().max(200).optional(),
});
export type AbcVenQuery = z.infer<typeof abcVenQuerySchema>;

export const consumptionExportQuerySchema = z.strictObject({
  format: z.enum(['csv', 'xlsx']).default('csv'),
  kind: z.enum(['consumption', 'stock', 'parameters']).default('consumption'),
});

export interface ReviewPeriod {
  /** First and last month, yyyy-mm. */
  from: string;
  until: string;
  months: number;
}

export type PriceSource = 'award' | 'line';

export interface QuantificationSuggestion {
  itemId: number;
  code: string;
  name: string;
  ven: VenClass;
  /** The item's lines in the programme (one per channel). */
  lines: { lineId: number; channel: string; quantity: string | null; unitPrice: string | null; version: number }[];
  /** Sum of the lines' quantities (null when none is priced). */
  currentQuantity: string | null;
  currentAmount: string;
  /** In units; null when it cannot be computed (see `problem`). */
  suggestedQuantity: string | null;
  /** suggested − current, in units. */
  difference: string | null;
  unitPrice: string | null;
  priceSource: PriceSource | null;
  /** The award the price comes from. */
  award: { processId: number; processCode: string; awardedOn: string | null } | null;
  suggestedAmount: string | null;
  amountDifference: string | null;
  parametersSource: 'item' | 'default';
  /** What the method was given, from the stored data (national: all care networks). */
  inputs: Record<string, string | string[]>;
  result: QuantificationResult | null;
  /** Why there is no suggestion, or why it cannot be accepted, in Spanish. */
  problem: string | null;
  acceptable: boolean;
}

export interface QuantificationPage {
  method: QuantificationMethod;
  period: ReviewPeriod;
  total: number;
  page: number;
  pageSize: number;
  items: QuantificationSuggestion[];
  totals: { currentAmount: string; suggestedAmount: string; difference: string; withSuggestion: number; acceptable: number };
  /** Items with consumption in the period but no line in the programme: not suggested here, counted. */
  itemsWithoutLine: number;
}

export interface AcceptSuggestionsResult {
  /** Lines changed (each version moved on, one audit row each). */
  affected: number;
  lines: { itemId: number; lineId: number; quantity: string; unitPrice: string; amount: string; version: number }[];
}

export interface AbcItemDto {
  itemId: number;
  code: string;
  name: string;
  ven: VenClass;
  amount: string;
  share: string;
  cumulativeShare: string;
  class: AbcClass;
  /** Position in the ranking, 1 first. */
  rank: number;
}

/** One point of the Pareto curve: the first `rank` items hold `cumulativeShare` % of the value. */
export interface ParetoPoint {
  rank: number;
  /** rank ÷ items × 100, 4 decimals half up. */
  itemShare: string;
  cumulativeShare: string;
  class: AbcClass;
}

/** The Pareto curve holds every item up to this many; beyond, this many points spread evenly (the last always in). */
export const MAX_PARETO_POINTS = 200;

export interface AbcPage {
  total: string;
  a: string;
  b: string;
  classes: AbcClassSummary[];
  /** Items of the programme with no priced line: outside the ranking, counted. */
  unpricedItems: number;
  /** The whole ranking as a curve (whatever the filter and page), for the Pareto chart. */
  curve: ParetoPoint[];
  /** Items passing the class / VEN filter. */
  totalItems: number;
  page: number;
  pageSize: number;
  items: AbcItemDto[];
}

export interface AbcVenDto {
  total: string;
  a: string;
  b: string;
  cells: Omit<AbcVenCellSummary, 'itemIds'>[];
  categories: AbcVenCategorySummary[];
}

export interface ProgrammeIndicators {
  total: string;
  insuredPopulation: string;
  /** total ÷ insured population, rounded half up to the cent. */
  spendPerInsured: string;
  reverseAuction: { amount: string; share: string };
  itemsAtRisk: {
    count: number;
    /** Items with consumption and stock data, compared with their minimum. */
    assessed: number;
    /** Items of the programme without consumption or stock data: not assessed. */
    withoutData: number;
    items: { itemId: number; code: string; name: string; monthsOfStock: string; minMonths: string }[];
  };
  centralizedCoverage: { items: number; covered: number; share: string };
  period: ReviewPeriod;
}

export interface ConsumptionRecordDto {
  careNetwork: string;
  month: string;
  consumed: string;
  daysOutOfStock: number;
}

/** An item's consumption per month, every care network summed: what its history chart shows. */
export interface MonthlyConsumptionDto {
  month: string;
  consumed: string;
  /** Days out of stock summed over the networks reporting. */
  daysOutOfStock: number;
  /** Care networks reporting that month. */
  networks: number;
}

export interface StockPositionDto {
  careNetwork: string;
  asOf: string;
  stockOnHand: string;
  stockOnOrder: string;
}

export interface SupplyParametersDto {
  itemId: number;
  leadTimeMonths: string;
  procurementPeriodMonths: string;
  safetyStockMonths: string;
  packSize: number;
  minMonths: string;
  maxMonths: string;
  version: number;
}

export type { ConsumptionSheetKind };
