// The HTTP contract shared by server and client: constants and the types of what the API returns.
// Zod-free on purpose, so the client can import it without bundling the schemas (api-schemas.ts).
import type { BudgetCategory, Channel, CoverageStatus, Process, ProgrammeStatus, Segment, SupplyList, VenClass } from './domain.ts';
import type { ProblemType } from './problem-types.ts';
import type { ProcessStatus } from './procurement.ts';

export const MAX_PAGE_SIZE = 1000;

export const itemSortKeys = ['code', 'name', 'supplyList', 'therapeuticGroup', 'ven', 'oncology'] as const;
export type ItemSortKey = (typeof itemSortKeys)[number];

export const lineSortKeys = ['code', 'name', 'channel', 'process', 'quantity', 'unitPrice', 'amount'] as const;
export type LineSortKey = (typeof lineSortKeys)[number];

/** Money amount as it travels in JSON: a decimal string with exactly two decimals. */
export type Money = string;

export interface Health {
  status: 'ok';
  database: 'pglite' | 'postgres';
}

export interface ItemDto {
  id: number;
  code: string;
  name: string;
  dci: string;
  strength: string;
  dosageForm: string;
  supplyList: SupplyList;
  therapeuticGroup: string;
  ven: VenClass;
  oncology: boolean;
  /** Which budget ceiling its purchases count against (medicines unless the item says otherwise). */
  budgetCategory: BudgetCategory;
  /** The ficha técnica of a common good ("bien común"); null when it is not one. */
  commonGoodSheet: string | null;
  active: boolean;
  /** Optimistic concurrency: send it back with a change; a stale version gets 409. */
  version: number;
}

/** Why an item may be the same medicine as another (the rule: shared/item-duplicates.ts). */
export type DuplicateReason = 'code' | 'description';

/** A formulary item that the one being entered may repeat. */
export interface PossibleDuplicate {
  id: number;
  code: string;
  name: string;
  reasons: DuplicateReason[];
}

/** GET /api/items/possible-duplicates: what the item form warns of as the user types. */
export interface PossibleDuplicates {
  duplicates: PossibleDuplicate[];
}

/** POST /api/items answers the new item and the items it may repeat (it is created all the same). */
export interface CreatedItemDto extends ItemDto {
  possibleDuplicates: PossibleDuplicate[];
}

/** GET /api/items/therapeutic-groups: the groups the formulary uses, in Spanish order. */
export interface TherapeuticGroups {
  groups: { name: string; items: number }[];
}

export interface ItemsPage {
  items: ItemDto[];
  total: number;
  /** Items per supply list for the current search, ignoring the supply-list filter. */
  supplyListCounts: Record<SupplyList, number>;
}

export interface SourceDocumentDto {
  id: number;
  title: string;
  reference: string;
}

export interface FormularySummary {
  rows: { supplyList: SupplyList; items: number; declaredItems: number | null }[];
  totals: { items: number; declaredItems: number | null };
  source: SourceDocumentDto | null;
}

export interface ProgrammeDto {
  id: number;
  name: string;
  fiscalYear: number;
  /** Its item-level detail is demo data (the totals reproduce the published report). */
  demo: boolean;
  /** draft → approved → closed; only a draft's lines, name and fiscal year change. */
  status: ProgrammeStatus;
  /** Optimistic concurrency, as for items. */
  version: number;
  /** The programme it was copied from; null when made empty, or when that one was deleted since. */
  source: { id: number; name: string } | null;
}

export interface PurchaseLineDto {
  id: number;
  item: { id: number; code: string; name: string; supplyList: SupplyList; oncology: boolean };
  channel: Channel;
  segment: Segment | null;
  process: Process;
  quantity: string | null;
  unitPrice: string | null;
  amount: Money | null;
  /** The live selection process the line is in (issue 12), or null: not assigned. */
  procurementProcess: { id: number; code: string; status: ProcessStatus } | null;
  /** Optimistic concurrency, as for items. */
  version: number;
}

export interface LinesPage {
  lines: PurchaseLineDto[];
  total: number;
}

/** One figure as computed from the lines, beside the figure the source document declares. */
export interface Figures {
  items: number;
  /** null when no line of the group carries an amount (the report's unscheduled purchases). */
  amount: Money | null;
  declaredItems: number | null;
  declaredAmount: Money | null;
}

export interface SummaryRow extends Figures {
  channel: Channel;
  segment: Segment | null;
  process: Process;
}

export interface SummarySubtotal extends Figures {
  channel: Channel;
  /** null: the whole channel. */
  segment: Segment | null;
}

export interface ProgrammeSummary {
  rows: SummaryRow[];
  subtotals: SummarySubtotal[];
  totals: Figures;
  source: SourceDocumentDto | null;
}

/** Per supply list, from the per-item coverage (server/features/coverage/coverage.repository.ts). */
export interface CoverageRow {
  supplyList: SupplyList;
  items: number;
  /** Items with at least one purchase line (every status but not_covered). */
  covered: number;
  notCovered: number;
  /** Items with status both: a scheduled line in each channel. */
  coveredByBoth: number;
  lines: number;
}

export interface ProgrammeCoverage {
  rows: CoverageRow[];
  totals: Omit<CoverageRow, 'supplyList'>;
  /** A page of the items bought through both channels (status both): each adds one line more than it adds items. */
  bothChannels: CoverageItemsPage;
}

export interface CoverageItemDto {
  id: number;
  code: string;
  name: string;
  supplyList: SupplyList;
  therapeuticGroup: string;
  ven: VenClass;
  oncology: boolean;
  active: boolean;
  status: CoverageStatus;
  /** Purchase lines of the programme for this item. */
  lines: number;
}

export interface CoverageItemsPage {
  items: CoverageItemDto[];
  total: number;
}

export const coverageDimensions = ['supplyList', 'group', 'ven'] as const;
export type CoverageDimension = (typeof coverageDimensions)[number];

export interface CoverageBreakdownRow {
  /** The supply list, therapeutic group or VEN class. */
  key: string;
  items: number;
  byStatus: Record<CoverageStatus, number>;
}

export interface CoverageBreakdown {
  by: CoverageDimension;
  rows: CoverageBreakdownRow[];
  totals: Omit<CoverageBreakdownRow, 'key'>;
}

export interface BudgetDto {
  fiscalYear: number;
  category: BudgetCategory;
  amount: Money;
  /** Optimistic concurrency: PUT /api/budgets/:fiscalYear/:category sends it back. */
  version: number;
}

/** A budget as written (PUT /api/budgets/:fiscalYear/:category). */
export interface BudgetRecordDto extends BudgetDto {
  sourceDocumentId: number | null;
}

/** Planned against the ceiling; exceeded is a warning, never a block. */
export interface BudgetUse {
  /** null: no budget set for the category and year. */
  ceiling: Money | null;
  planned: Money;
  /** ceiling − planned (negative when exceeded); null without a ceiling. */
  remaining: Money | null;
  exceeded: boolean;
}

/** GET /api/programmes/:id/budget: the four categories always, in order. */
export interface ProgrammeBudget {
  fiscalYear: number;
  categories: (BudgetUse & { category: BudgetCategory })[];
  totals: BudgetUse;
}

/** POST /api/programmes/:id/lines/bulk */
export interface BulkLinesResult {
  affected: number;
}

/** A figure of one programme in a comparison. */
export interface CompareFigures {
  items: number;
  amount: Money | null;
}

/** A row of the purchases table of two programmes side by side; difference = other − base. */
export interface CompareRow {
  channel: Channel;
  segment: Segment | null;
  /** null: a subtotal (segment null too: the channel's). */
  process: Process | null;
  base: CompareFigures;
  other: CompareFigures;
  difference: CompareFigures;
}

/** GET /api/programmes/compare: lines matched by item and channel; the three lists are paged alike. */
export interface ProgrammeComparison {
  base: ProgrammeDto;
  other: ProgrammeDto;
  counts: { added: number; removed: number; changed: number };
  page: number;
  pageSize: number;
  /** In other, not in base; by item code. */
  added: PurchaseLineDto[];
  /** In base, not in other. */
  removed: PurchaseLineDto[];
  /** Same item and channel, another segment, process, quantity, unit price or amount. */
  changed: { before: PurchaseLineDto; after: PurchaseLineDto }[];
  summary: CompareRow[];
  totals: Omit<CompareRow, 'channel' | 'segment' | 'process'>;
}

/** A source document with the notes that say where its figures come from. */
export interface SourceDocumentWithNotesDto extends SourceDocumentDto {
  notes: string | null;
}

/** GET /api/budgets/years, newest first: a fiscal year with a budget and the documents it comes from. */
export interface BudgetYear {
  fiscalYear: number;
  sources: SourceDocumentWithNotesDto[];
}

export interface ProblemDetails {
  type: ProblemType;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; in: 'query' | 'path' | 'body'; message: string }[];
}

export type ImportChange =
  | { kind: 'new'; row: number; code: string; after: Record<string, unknown> }
  | { kind: 'changed'; row: number; code: string; before: Record<string, unknown>; after: Record<string, unknown> }
  | { kind: 'unchanged'; row: number; code: string };

/** Something in a row worth a look; unlike an error it does not keep the file from being applied. */
export interface ImportWarning {
  row: number;
  column: string;
  /** The row's code. */
  code: string;
  /** number-code: the code cell was a number, so leading zeros may be gone. */
  kind: 'possible-duplicate' | 'number-code';
  message: string;
  /** possible-duplicate: an item of the formulary (id), or an earlier row of the file (row), or an item the file also lists (both). */
  duplicateOf?: { id: number | null; row: number | null; code: string; name: string; reasons: DuplicateReason[] };
}

/** A column the importer reads, and where the file has it. */
export interface ImportColumnStatus {
  key: string;
  label: string;
  /** A file without a required column is refused. */
  required: boolean;
  /** An optional column's value for a new record when the file lacks it (an update keeps the stored one); null when required. */
  default: string | null;
  /** The file's heading it is read from; null when the file lacks it. */
  header: string | null;
}

/** The answer of an import (a dry run, or applied); `code` of a change is the record's key as the file writes it. */
export interface ImportReport {
  /** How each header of the file was read (key null: ignored). */
  columns: { header: string; key: string | null }[];
  /** Every column the importer reads, in its order: required or optional, and found or not. */
  expectedColumns: ImportColumnStatus[];
  created: number;
  updated: number;
  unchanged: number;
  errors: { row: number; column: string; message: string }[];
  warnings: ImportWarning[];
  changes: ImportChange[];
  /** False for a dry run, or when errors kept anything from being applied. */
  applied: boolean;
}
