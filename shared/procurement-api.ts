// What the procurement API answers (issue 12). Money is a decimal string with two decimals;
// quantities and unit prices are decimal strings as stored (up to 4 decimals).
import type { Money } from './api.ts';
import type { Channel, Process, Segment } from './domain.ts';
import type { ProcessStatus } from './procurement.ts';

export interface ProcessDto {
  id: number;
  programmeId: number;
  code: string;
  title: string;
  channel: Channel;
  segment: Segment | null;
  type: Process;
  status: ProcessStatus;
  /** yyyy-mm-dd, or null until that step happens. */
  calledOn: string | null;
  awardedOn: string | null;
  contractedOn: string | null;
  /** Lines assigned (for a void or deserted process: the lines it had when it ended). */
  lines: number;
  /** Exact sums of its lines, to the cent; null when no line has a reference price (or an award). */
  reference: Money | null;
  /** Of the awards that stand: a void or deserted process's stay on record in its lines, not here. */
  awarded: Money | null;
  /** Reference value of the lines with an award that stands: what the saving is measured against. */
  awardedReference: Money | null;
  /** Lines with no award that stands: left out of the saving and counted apart. */
  unawardedLines: number;
  /** Optimistic concurrency, as for programmes and lines. */
  version: number;
}

export interface ProcessesPage {
  processes: ProcessDto[];
  total: number;
}

/** One step of a process's history: who moved it, when, from which status. */
export interface ProcessStatusChange {
  from: ProcessStatus | null;
  to: ProcessStatus;
  at: string;
  user: string | null;
}

export interface ProcessDetail extends ProcessDto {
  programme: { id: number; name: string; fiscalYear: number };
  history: ProcessStatusChange[];
}

export interface SupplierDto {
  id: number;
  ruc: string;
  name: string;
}

/** A planned line as it stands in a process: reference price and, once awarded, the award. */
export interface ProcessLineDto {
  lineId: number;
  item: { id: number; code: string; name: string };
  /** The planned quantity (what the reference value is for). */
  quantity: string | null;
  /** The line's planned unit price and amount, for comparison. */
  plannedUnitPrice: string | null;
  plannedAmount: Money | null;
  referenceUnitPrice: string | null;
  /** quantity × reference unit price, half up to the cent. */
  referenceAmount: Money | null;
  supplier: SupplierDto | null;
  awardedUnitPrice: string | null;
  awardedQuantity: string | null;
  /** awarded quantity × awarded unit price, half up to the cent. */
  awardedAmount: Money | null;
  version: number;
}

export interface ProcessLinesPage {
  lines: ProcessLineDto[];
  total: number;
}

/** Reference against awarded over the awarded lines of a group; lines without an award counted apart. */
export interface SavingsFigures {
  /** Reference value of the awarded lines only (what the saving is measured against). */
  reference: Money;
  awarded: Money;
  /** reference − awarded; negative when awarded above the reference. */
  saving: Money;
  /** saving ÷ reference × 100, half up to two decimals; null when the reference is zero. */
  percent: string | null;
  awardedLines: number;
  unawardedLines: number;
}

export interface ProcessSavings extends SavingsFigures {
  processId: number;
  code: string;
  type: Process;
  channel: Channel;
  segment: Segment | null;
  status: ProcessStatus;
}

export interface ProgrammeSavings {
  /** A page of the processes (void and deserted ones included, their lines unawarded). */
  processes: ProcessSavings[];
  totalProcesses: number;
  byType: (SavingsFigures & { type: Process })[];
  byChannel: (SavingsFigures & { channel: Channel })[];
  totals: SavingsFigures;
}

/** A supplier's page: what they were awarded, process by process. */
export interface SupplierAward {
  process: { id: number; code: string; status: ProcessStatus };
  programme: { id: number; name: string; fiscalYear: number };
  lineId: number;
  item: { id: number; code: string; name: string };
  awardedQuantity: string | null;
  awardedUnitPrice: string | null;
  awardedAmount: Money | null;
}

export interface SupplierDetail extends SupplierDto {
  awardedTotal: Money;
  awardedLines: number;
  awards: SupplierAward[];
  totalAwards: number;
}

export interface SuppliersPage {
  suppliers: (SupplierDto & { awardedTotal: Money; awardedLines: number })[];
  total: number;
}

export interface ProcessRulesDto {
  fiscalYear: number;
  commonGoodsByReverseAuction: boolean;
  thresholds: { type: Process; minValue: Money | null; maxValue: Money | null }[];
  /** null while the year has no rules of its own (nothing is flagged). */
  version: number | null;
}

export const ruleCodes = ['common_good_reverse_auction', 'threshold_min', 'threshold_max'] as const;
export type RuleCode = (typeof ruleCodes)[number];

export const ruleLabels: Record<RuleCode, string> = {
  common_good_reverse_auction: 'Bien común por subasta inversa',
  threshold_min: 'Valor por debajo del mínimo del tipo de proceso',
  threshold_max: 'Valor por encima del máximo del tipo de proceso',
};

/** A line or a process that breaks a rule: flagged, never blocked. */
export interface RuleViolation {
  rule: RuleCode;
  /** In Spanish, with the figures: "El ítem es bien común (ficha 123) y su línea va por proceso convencional". */
  reason: string;
  lineId: number | null;
  processId: number | null;
  /** What the officer reads to find it: the item's code, or the process's code. */
  subject: string;
}

export interface RuleViolationsPage {
  violations: RuleViolation[];
  total: number;
}
