// Reads and writes of the quantification views (issue 14): a programme's suggested quantities, the
// "how was this computed" calculator, accepting suggestions into the programme's lines.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { QuantificationResult } from '../../../../shared/quantification.ts';
import type {
  AcceptSuggestionsInput,
  AcceptSuggestionsResult,
  QuantificationMethod,
  QuantificationPage,
} from '../../../../shared/quantification-api.ts';
import { getJson, postJson, type QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { invalidateAfterLineWrite, invalidateProgrammes, planningKeys } from '../planning/planning-queries.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';

export const quantificationKeys = {
  suggestions: (id: number, params: QueryParams) => [...programmeKeys.one(id), 'quantification', params] as const,
};

export const QUANTIFICATION_PAGE_SIZE = 50;
const ALL_PAGE_SIZE = 1000;

export const quantificationQueries = {
  suggestions: (id: number, params: QueryParams) =>
    apiQuery<QuantificationPage>(quantificationKeys.suggestions(id, params), `/programmes/${id}/quantification`, {
      kind: 'shared',
      params,
      paged: true,
    }),
};

/** Every suggestion of the programme for a method and period (for "select all"), page after page. */
export async function allSuggestions(
  id: number,
  query: { method: QuantificationMethod; until: string | undefined; months: number },
  signal?: AbortSignal,
): Promise<QuantificationPage['items']> {
  const items: QuantificationPage['items'] = [];
  for (let page = 1; ; page++) {
    const answer = await getJson<QuantificationPage>(`/programmes/${id}/quantification`, { ...query, page, pageSize: ALL_PAGE_SIZE }, { signal });
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return items;
  }
}

/** POST /api/quantification/calculate: one item's values and derivations, nothing saved. */
export function useCalculate() {
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => postJson<QuantificationResult>('/quantification/calculate', body),
  });
}

/** Accepting suggestions writes the programme's lines: what is computed from them is asked again. */
export function useAcceptSuggestions(programmeId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptSuggestionsInput) => postJson<AcceptSuggestionsResult>(`/programmes/${programmeId}/quantification/accept`, body),
    onSettled: (_result, error) =>
      Promise.all([
        invalidateAfterLineWrite(queryClient, programmeId),
        queryClient.invalidateQueries({ queryKey: planningKeys.allLines(programmeId) }),
        // A refusal may mean the programme is no longer a draft: its status is read again.
        error ? invalidateProgrammes(queryClient) : undefined,
      ]),
  });
}
