// What the reconciliation API answers (issue 13): SAP purchase-order lines imported in batches (as
// jobs with progress), matched to planned lines, and compared with plan and declaration by
// channel, segment, process type and process; sign-offs by finance. Money is a decimal string with
// two decimals; quantities and unit prices are decimal strings as stored (up to 4 decimals).
import type { ImportColumnStatus, Money } from './api.ts';
import type { Channel, Process, Segment } from './domain.ts';
import type { ProcessStatus } from './procurement.ts';

/** One refused cell (or row: column ''), in file order. */
export interface ExecutionImportError {
  row: number;
  /** The heading of the file's column, as the file writes it. */
  column: string;
  message: string;
}

/** What an import of an SAP export found, and did (`applied`). */
export interface ExecutionImportReport {
  /** The batch created; null for a dry run, a refused file, or a file already imported. */
  batchId: number | null;
  /** How each heading of the file was read (key null: ignored). */
  columns: { header: string; key: string | null }[];
  expectedColumns: ImportColumnStatus[];
  /** Data rows read. */
  rows: number;
  /** Valid rows whose line matches a planned line of the programme (automatically). */
  matched: number;
  /** Valid rows that match none (or more than one): listed as unmatched once applied. */
  unmatched: number;
  /** Exact sum of the valid rows' amounts. */
  amount: Money;
  /** The first errors, in row order (at most `MAX_REPORTED_ERRORS`); `errorCount` counts them all. */
  errors: ExecutionImportError[];
  errorCount: number;
  /** What does not stop the import (SAP's Net Order Value differs from quantity × price ÷ price unit). */
  warnings: ExecutionImportError[];
  warningCount: number;
  /** Set when this content was already imported into the programme: nothing changes. */
  duplicateOf: { batchId: number; fileName: string; importedAt: string } | null;
  applied: boolean;
}

/** At most this many errors (and warnings) travel in a report; the counts say how many there were. */
export const MAX_REPORTED_ERRORS = 1_000;

export type ImportJobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
/** reading: the file; checking: its rows against each other and the plan; applying: the batch. */
export type ImportJobPhase = 'reading' | 'checking' | 'applying' | 'done';

/** GET /api/import-jobs/:id: a long import, as it runs and once over. */
export interface ImportJobDto {
  id: string;
  kind: 'executions';
  programmeId: number | null;
  fileName: string;
  dryRun: boolean;
  /**
   * interrupted: the server running it stopped (crash, kill -9) before it finished; nothing of
   * it was applied.
   */
  status: ImportJobStatus;
  phase: ImportJobPhase;
  fileBytes: number;
  bytesRead: number;
  rowsRead: number;
  /** Of the file read, 0–100, one decimal; 100 once past reading. */
  percent: number;
  /** Since the job started; null in its first half second. */
  rowsPerSecond: number | null;
  cancelRequested: boolean;
  startedAt: string;
  finishedAt: string | null;
  /** Once succeeded (or refused with a report). */
  report: ExecutionImportReport | null;
  /** Once failed: the problem+json the import would have answered. */
  problem: { status: number; title: string; detail?: string; errors?: unknown[] } | null;
}

export interface ExecutionBatchDto {
  id: number;
  fileName: string;
  sha256: string;
  rows: number;
  amount: Money;
  matched: number;
  importedAt: string;
  importedBy: string | null;
}

/** A node of the reconciliation tree, or a total: what was declared, planned and executed. */
export interface VarianceFigures {
  /** From the source report, where it declares this node; null where it says nothing. */
  declared: Money | null;
  planned: Money;
  /** Of the executed lines matched to this node's planned lines. */
  executed: Money;
  /** executed − planned: positive is overspend. */
  difference: Money;
  /** difference ÷ planned × 100, half up to two decimals; null when nothing was planned. */
  percent: string | null;
  withinTolerance: boolean;
  plannedLines: number;
  executedLines: number;
  /** Planned lines with no executed line matched. */
  unexecutedLines: number;
  /** Lines outside tolerance below this node. */
  linesOutsideTolerance: number;
}

export interface SignOffDto {
  id: number;
  programmeId: number;
  channel: Channel;
  segment: Segment | null;
  processType: Process | null;
  processId: number | null;
  processCode: string | null;
  comment: string;
  planned: Money;
  executed: Money;
  signedAt: string;
  signedBy: string;
  reopenedAt: string | null;
  reopenedBy: string | null;
  reopenComment: string | null;
}

/**
 * A row of the tree: level 'channel' has only its channel; 'segment' adds the segment (MINSA only);
 * 'type' the process type; 'process' the process (null process: the lines in no process).
 */
export interface ReconciliationRow extends VarianceFigures {
  level: 'channel' | 'segment' | 'type' | 'process';
  channel: Channel;
  segment: Segment | null;
  processType: Process | null;
  process: { id: number; code: string; title: string; status: ProcessStatus } | null;
  /** The sign-off in force over this node (its own or an ancestor's), if any. */
  signOff: SignOffDto | null;
}

export interface ToleranceDto {
  amount: Money;
  percent: string;
  version: number;
}

export interface ReconciliationSummary {
  programme: { id: number; name: string; fiscalYear: number; status: string };
  tolerance: ToleranceDto;
  /** Depth first: each channel, then its segments, types and processes. */
  rows: ReconciliationRow[];
  totals: VarianceFigures;
  unmatched: { planned: number; executed: number; executedAmount: Money };
  batches: number;
  /** Every sign-off, in force or reopened, newest first. */
  signOffs: SignOffDto[];
}

export type ReconciliationLineStatus = 'within' | 'outside' | 'unexecuted' | 'signed';

/** A planned line with what was executed against it. */
export interface ReconciliationLineDto extends Omit<VarianceFigures, 'declared' | 'plannedLines' | 'executedLines' | 'unexecutedLines' | 'linesOutsideTolerance'> {
  lineId: number;
  item: { id: number; code: string; name: string };
  channel: Channel;
  segment: Segment | null;
  processType: Process;
  process: { id: number; code: string } | null;
  plannedQuantity: string | null;
  plannedUnitPrice: string | null;
  executedQuantity: string;
  executedLines: number;
  signOffId: number | null;
}

export interface ReconciliationLinesPage {
  lines: ReconciliationLineDto[];
  total: number;
}

export interface ExecutedLineDto {
  id: string;
  batchId: number;
  rowNumber: number;
  purchasingDocument: string;
  item: string;
  documentDate: string;
  material: string | null;
  processCode: string | null;
  shortText: string;
  orderQuantity: string;
  orderUnit: string;
  netPrice: Money;
  priceUnit: string;
  unitPrice: string;
  amount: Money;
  netOrderValue: Money | null;
  vendor: string;
  vendorName: string;
  plant: string;
  /** The planned line it is matched to. */
  lineId: number | null;
  matchKind: 'auto' | 'manual' | null;
  /** Planned lines it could match (same item), to choose from when unmatched. */
  candidates: {
    lineId: number;
    channel: Channel;
    segment: Segment | null;
    processType: Process;
    processCode: string | null;
    plannedQuantity: string | null;
    planned: Money | null;
    /** What is already executed against it. */
    executed: Money;
  }[];
  version: number;
}

export interface ExecutedLinesPage {
  lines: ExecutedLineDto[];
  total: number;
}
