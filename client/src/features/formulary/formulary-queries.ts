// Query keys, reads and writes of the formulary. A write invalidates what it changes: the items,
// and the programmes' coverage and lines (asked again in the background: the form does not
// wait). An edit is optimistic: the table and the panel show it at once, and a refusal (a stale
// version, 409) rolls it back to what the server holds.
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  CreatedItemDto,
  FormularySummary,
  ImportReport,
  ItemDto,
  ItemsPage,
  PossibleDuplicates,
  ProblemDetails,
  TherapeuticGroups,
} from '../../../../shared/api.ts';
import type { ItemInput, ItemPatch } from '../../../../shared/api-schemas.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { ApiError, deleteJson, patchJson, postForm, postJson, type QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { showsFormulary } from '../programmes/programme-queries.ts';

export const itemKeys = {
  all: ['items'] as const,
  lists: () => [...itemKeys.all, 'list'] as const,
  list: (params: QueryParams) => [...itemKeys.lists(), params] as const,
  summary: () => [...itemKeys.all, 'summary'] as const,
  one: (id: number) => [...itemKeys.all, 'one', id] as const,
  history: (id: number) => [...itemKeys.one(id), 'history'] as const,
  possibleDuplicates: (params: QueryParams) => [...itemKeys.all, 'possible-duplicates', params] as const,
  therapeuticGroups: () => [...itemKeys.all, 'therapeutic-groups'] as const,
};

export const itemQueries = {
  list: (params: QueryParams) => apiQuery<ItemsPage>(itemKeys.list(params), '/items', { kind: 'shared', params, paged: true }),
  summary: () => apiQuery<FormularySummary>(itemKeys.summary(), '/items/summary', { kind: 'shared' }),
  one: (id: number) => apiQuery<ItemDto>(itemKeys.one(id), `/items/${id}`, { kind: 'shared' }),
  // Paged: while the next answer loads the last one stays, so the warning does not flicker as one types.
  possibleDuplicates: (params: QueryParams) =>
    apiQuery<PossibleDuplicates>(itemKeys.possibleDuplicates(params), '/items/possible-duplicates', {
      kind: 'live',
      params,
      paged: true,
    }),
  therapeuticGroups: () =>
    apiQuery<TherapeuticGroups>(itemKeys.therapeuticGroups(), '/items/therapeutic-groups', { kind: 'shared' }),
};

/** Asks again for everything a change to the formulary may alter (an import does too). */
export function invalidateFormulary(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({
    predicate: (query) => query.queryKey[0] === itemKeys.all[0] || showsFormulary(query.queryKey),
  });
}

/** The item as the server holds it now, in its own entry and in every cached page of the list. */
function putItem(queryClient: QueryClient, item: ItemDto) {
  queryClient.setQueryData(itemKeys.one(item.id), item);
  queryClient.setQueriesData<ItemsPage>({ queryKey: itemKeys.lists() }, (page) =>
    page && { ...page, items: page.items.map((row) => (row.id === item.id ? item : row)) },
  );
}

/** The current item a 409 for a stale version carries, if that is the refusal. */
export function staleCurrent(error: unknown): ItemDto | undefined {
  if (!(error instanceof ApiError) || error.status !== 409 || error.problem.type !== problemTypes.staleVersion) return undefined;
  const current = (error.problem as ProblemDetails & { current?: unknown }).current;
  return typeof current === 'object' && current !== null && 'version' in current ? (current as ItemDto) : undefined;
}

export function useCreateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    // The possible duplicates it names were warned of as the user typed.
    mutationFn: async (input: ItemInput): Promise<ItemDto> => {
      const { possibleDuplicates: _warned, ...item } = await postJson<CreatedItemDto>('/items', input);
      return item;
    },
    onSuccess: (item) => queryClient.setQueryData(itemKeys.one(item.id), item),
    onSettled: () => void invalidateFormulary(queryClient),
  });
}

/** The change the user asked for, without the version it was based on. */
export type ItemChange = Omit<ItemPatch, 'version'>;

interface ItemUpdate {
  /** The item as the change was made on it: its version goes with the change. */
  base: ItemDto;
  change: ItemChange;
}

export function useUpdateItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ base, change }: ItemUpdate) => patchJson<ItemDto>(`/items/${base.id}`, { ...change, version: base.version }),
    onMutate: async ({ base, change }) => {
      // An answer in flight must not overwrite the optimistic item.
      await queryClient.cancelQueries({ queryKey: itemKeys.one(base.id), exact: true });
      await queryClient.cancelQueries({ queryKey: itemKeys.lists() });
      const previous = queryClient.getQueryData<ItemDto>(itemKeys.one(base.id));
      const previousPages = queryClient.getQueriesData<ItemsPage>({ queryKey: itemKeys.lists() });
      putItem(queryClient, { ...base, ...change });
      return { previous, previousPages };
    },
    onError: (error, { base }, context) => {
      if (context) {
        if (context.previous) queryClient.setQueryData(itemKeys.one(base.id), context.previous);
        else queryClient.removeQueries({ queryKey: itemKeys.one(base.id), exact: true });
        for (const [key, page] of context.previousPages) queryClient.setQueryData(key, page);
      }
      // Refused as stale: what is on screen becomes what the server holds, which the 409 carries.
      const current = staleCurrent(error);
      if (current) putItem(queryClient, current);
    },
    onSuccess: (updated) => putItem(queryClient, updated),
    onSettled: () => void invalidateFormulary(queryClient),
  });
}

export function useDeleteItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (item: ItemDto) => deleteJson(`/items/${item.id}`),
    onSuccess: (_none, item) => queryClient.removeQueries({ queryKey: itemKeys.one(item.id) }),
    onSettled: () => void invalidateFormulary(queryClient),
  });
}

export interface ImportRequest {
  file: File;
  /** The user's corrections to the detected columns: header → column key ('' to ignore it). */
  mapping: Readonly<Record<string, string>>;
  dryRun: boolean;
  signal?: AbortSignal;
}

/** Checks (dry run) or applies a formulary file; an applied import refreshes all the formulary shows. */
export function useImportFormulary() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, mapping, dryRun, signal }: ImportRequest) => {
      const form = new FormData();
      form.set('file', file, file.name);
      form.set('dryRun', dryRun ? 'true' : 'false');
      if (Object.keys(mapping).length > 0) form.set('mapping', JSON.stringify(mapping));
      return postForm<ImportReport>('/items/import', form, { signal });
    },
    onSuccess: (_report, { dryRun }) => (dryRun ? undefined : invalidateFormulary(queryClient)),
  });
}
