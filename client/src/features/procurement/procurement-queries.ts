// Query keys and reads of the selection processes (issue 12): a programme's processes and savings,
// a process with its lines, suppliers, process rules and the rule flags of planned lines.
import type { QueryClient } from '@tanstack/react-query';
import type {
  ProcessDetail,
  ProcessesPage,
  ProcessLinesPage,
  ProcessRulesDto,
  ProgrammeSavings,
  RuleViolationsPage,
  SupplierDetail,
  SuppliersPage,
} from '../../../../shared/procurement-api.ts';
import type { QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { planningKeys } from '../planning/planning-queries.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';

export const procurementKeys = {
  all: ['procurement'] as const,
  processes: (programmeId: number, params: QueryParams) => [...procurementKeys.all, 'processes', programmeId, params] as const,
  savings: (programmeId: number, params: QueryParams) => [...procurementKeys.all, 'savings', programmeId, params] as const,
  process: (processId: number) => [...procurementKeys.all, 'process', processId] as const,
  processLines: (processId: number, params: QueryParams) => [...procurementKeys.process(processId), 'lines', params] as const,
  suppliers: (params: QueryParams) => [...procurementKeys.all, 'suppliers', params] as const,
  supplier: (id: number, params: QueryParams) => [...procurementKeys.all, 'supplier', id, params] as const,
  rules: (fiscalYear: number) => [...procurementKeys.all, 'rules', fiscalYear] as const,
  /** Under the programme's key: a write to its lines (a process change) asks them again too. */
  violations: (programmeId: number, lineIds: string) => [...programmeKeys.one(programmeId), 'rule-violations', lineIds] as const,
};

/** The most processes one request lists: the planning grid's "Asignar a proceso…" reads them all at once. */
export const MAX_PROCESSES_PAGE = 200;
/** Processes per page of the savings report; the processes list reads its first page too. */
export const SAVINGS_PAGE_SIZE = 100;

export const procurementQueries = {
  processes: (programmeId: number, params: QueryParams) =>
    apiQuery<ProcessesPage>(procurementKeys.processes(programmeId, params), `/programmes/${programmeId}/processes`, {
      kind: 'shared',
      params,
      paged: true,
    }),
  savings: (programmeId: number, params: QueryParams) =>
    apiQuery<ProgrammeSavings>(procurementKeys.savings(programmeId, params), `/programmes/${programmeId}/savings`, {
      kind: 'live',
      params,
      paged: true,
    }),
  process: (processId: number) => apiQuery<ProcessDetail>(procurementKeys.process(processId), `/processes/${processId}`, { kind: 'live' }),
  processLines: (processId: number, params: QueryParams) =>
    apiQuery<ProcessLinesPage>(procurementKeys.processLines(processId, params), `/processes/${processId}/lines`, {
      kind: 'live',
      params,
      paged: true,
    }),
  suppliers: (params: QueryParams) =>
    apiQuery<SuppliersPage>(procurementKeys.suppliers(params), '/suppliers', { kind: 'shared', params, paged: true }),
  supplier: (id: number, params: QueryParams) =>
    apiQuery<SupplierDetail>(procurementKeys.supplier(id, params), `/suppliers/${id}`, { kind: 'shared', params, paged: true }),
  rules: (fiscalYear: number) => apiQuery<ProcessRulesDto>(procurementKeys.rules(fiscalYear), `/process-rules/${fiscalYear}`, { kind: 'live' }),
  violations: (programmeId: number, lineIds: string) =>
    apiQuery<RuleViolationsPage>(procurementKeys.violations(programmeId, lineIds), `/programmes/${programmeId}/rule-violations`, {
      kind: 'shared',
      params: { lineIds, pageSize: 500 },
      paged: true,
    }),
};

/**
 * After any write to a process: its reads, the programme's processes and savings, the rule flags,
 * and (unless the caller patched them itself) the planning grid's lines, which name their process.
 */
export function invalidateAfterProcessWrite(queryClient: QueryClient, programmeId: number, { gridPatched = false } = {}): Promise<void> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: procurementKeys.all }),
    gridPatched ? undefined : queryClient.invalidateQueries({ queryKey: planningKeys.allLines(programmeId) }),
    queryClient.invalidateQueries({ queryKey: programmeKeys.one(programmeId), predicate: (query) => query.queryKey[2] === 'rule-violations' }),
  ]).then(() => undefined);
}
