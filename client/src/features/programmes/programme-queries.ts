// Query keys and reads of the purchase programmes, named once for every view that shows them.
import type { QueryKey } from '@tanstack/react-query';
import type {
  CoverageBreakdown,
  CoverageDimension,
  CoverageItemsPage,
  LinesPage,
  ProgrammeCoverage,
  ProgrammeDto,
  ProgrammeSummary,
} from '../../../../shared/api.ts';
import type { QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';

export const programmeKeys = {
  all: ['programmes'] as const,
  list: () => [...programmeKeys.all, 'list'] as const,
  one: (id: number) => [...programmeKeys.all, id] as const,
  summary: (id: number) => [...programmeKeys.one(id), 'summary'] as const,
  coverage: (id: number) => [...programmeKeys.one(id), 'coverage'] as const,
  breakdown: (id: number, by: CoverageDimension) => [...programmeKeys.coverage(id), 'breakdown', by] as const,
  coverageItems: (id: number, params: QueryParams) => [...programmeKeys.coverage(id), 'items', params] as const,
  lines: (id: number, params: QueryParams) => [...programmeKeys.one(id), 'lines', params] as const,
};

/** What a change to the formulary alters too: the coverage, and the lines (which name their items). */
export const showsFormulary = (key: QueryKey): boolean =>
  key[0] === programmeKeys.all[0] && (key[2] === 'coverage' || key[2] === 'lines');

export const programmeQueries = {
  list: () => apiQuery<ProgrammeDto[]>(programmeKeys.list(), '/programmes', { kind: 'reference' }),
  summary: (id: number) => apiQuery<ProgrammeSummary>(programmeKeys.summary(id), `/programmes/${id}/summary`, { kind: 'reference' }),
  coverage: (id: number) => apiQuery<ProgrammeCoverage>(programmeKeys.coverage(id), `/programmes/${id}/coverage`, { kind: 'shared' }),
  breakdown: (id: number, by: CoverageDimension) =>
    apiQuery<CoverageBreakdown>(programmeKeys.breakdown(id, by), `/programmes/${id}/coverage/breakdown`, {
      kind: 'shared',
      params: { by },
    }),
  coverageItems: (id: number, params: QueryParams) =>
    apiQuery<CoverageItemsPage>(programmeKeys.coverageItems(id, params), `/programmes/${id}/coverage/items`, {
      kind: 'shared',
      params,
      paged: true,
    }),
  lines: (id: number, params: QueryParams) =>
    apiQuery<LinesPage>(programmeKeys.lines(id, params), `/programmes/${id}/lines`, { kind: 'shared', params, paged: true }),
};
