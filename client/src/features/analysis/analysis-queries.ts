// Reads of a programme's analyses (issue 14): ABC by value, ABC × VEN, and the indicators.
import type { QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';
import type { AbcPage, AbcVenDto, ProgrammeIndicators } from '../../../../shared/quantification-api.ts';

export const analysisKeys = {
  abc: (id: number, params: QueryParams) => [...programmeKeys.one(id), 'abc', params] as const,
  abcVen: (id: number, params: QueryParams) => [...programmeKeys.one(id), 'abc-ven', params] as const,
  indicators: (id: number) => [...programmeKeys.one(id), 'indicators'] as const,
};

export const analysisQueries = {
  abc: (id: number, params: QueryParams) =>
    apiQuery<AbcPage>(analysisKeys.abc(id, params), `/programmes/${id}/abc`, { kind: 'shared', params, paged: true }),
  abcVen: (id: number, params: QueryParams) =>
    apiQuery<AbcVenDto>(analysisKeys.abcVen(id, params), `/programmes/${id}/abc-ven`, { kind: 'shared', params }),
  indicators: (id: number) => apiQuery<ProgrammeIndicators>(analysisKeys.indicators(id), `/programmes/${id}/indicators`, { kind: 'shared' }),
};
