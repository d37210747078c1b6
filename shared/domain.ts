// Domain codes and their Spanish labels. The codes are what the database and the API carry;
// the labels are what people read. See ../shared/domain.md (outside the repo) for the glossary.

export const supplyLists = ['centralized', 'local'] as const;
export type SupplyList = (typeof supplyLists)[number];

export const channels = ['minsa_corporate', 'essalud'] as const;
export type Channel = (typeof channels)[number];

/** Only the MINSA corporate purchase is split into segments; EsSalud lines have none. */
export const segments = ['oncology', 'medicines'] as const;
export type Segment = (typeof segments)[number];

export const processes = ['reverse_auction', 'conventional', 'unscheduled'] as const;
export type Process = (typeof processes)[number];

export const venClasses = ['vital', 'essential', 'non_essential'] as const;
export type VenClass = (typeof venClasses)[number];

export const budgetCategories = [
  'medicines',
  'medical_supplies',
  'dental_supplies',
  'radiology_supplies',
] as const;
export type BudgetCategory = (typeof budgetCategories)[number];

/**
 * A purchase programme is planned as a draft, then approved, then closed. Only a draft's lines,
 * name and fiscal year change; going back (reopening) is for administrators.
 */
export const programmeStatuses = ['draft', 'approved', 'closed'] as const;
export type ProgrammeStatus = (typeof programmeStatuses)[number];

/** The fiscal years Abastece keeps (programmes, budgets, declared figures); the database checks the same. */
export const fiscalYears = { min: 1990, max: 2100 } as const;

/** How a programme covers one formulary item (the definition: server/features/coverage/coverage.repository.ts). */
export const coverageStatuses = ['both', 'minsa_corporate', 'essalud', 'unscheduled_only', 'not_covered'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

export const supplyListLabels: Record<SupplyList, string> = {
  centralized: 'Suministro centralizado',
  local: 'Suministro local',
};

export const channelLabels: Record<Channel, string> = {
  minsa_corporate: 'Compra Corporativa MINSA',
  essalud: 'Compra EsSalud',
};

export const segmentLabels: Record<Segment, string> = {
  oncology: 'Oncológicos',
  medicines: 'Medicamentos',
};

export const processLabels: Record<Process, string> = {
  reverse_auction: 'Subasta inversa',
  conventional: 'Proceso convencional',
  unscheduled: 'No programados',
};

export const venLabels: Record<VenClass, string> = {
  vital: 'Vital',
  essential: 'Esencial',
  non_essential: 'No esencial',
};

export const coverageStatusLabels: Record<CoverageStatus, string> = {
  both: 'Ambos canales',
  minsa_corporate: 'Solo Compra Corporativa MINSA',
  essalud: 'Solo Compra EsSalud',
  unscheduled_only: 'Solo compra no programada',
  not_covered: 'No cubierto',
};

export const programmeStatusLabels: Record<ProgrammeStatus, string> = {
  draft: 'Borrador',
  approved: 'Aprobado',
  closed: 'Cerrado',
};

export const budgetCategoryLabels: Record<BudgetCategory, string> = {
  medicines: 'Medicinas',
  medical_supplies: 'Material médico',
  dental_supplies: 'Material e insumo dental',
  radiology_supplies: 'Material radiológico',
};

/** Fixed display order of the purchases table: channel, then segment, then process. */
export function compareSummaryKeys(
  a: { channel: Channel; segment: Segment | null; process: Process },
  b: { channel: Channel; segment: Segment | null; process: Process },
): number {
  const rank = <T>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));
  return (
    rank(channels, a.channel) - rank(channels, b.channel) ||
    rank(segments, a.segment) - rank(segments, b.segment) ||
    rank(processes, a.process) - rank(processes, b.process)
  );
}
