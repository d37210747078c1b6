// The grid's writes as TanStack Query mutations, run one after the other for a programme (one
// mutation scope), so each sends the version the previous one left. Each shows at once
// (optimistic), is rolled back if refused, and on a stale version leaves the row in conflict with
// the stored line beside the officer's change. The last change can be undone.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { BulkLinesResult, PurchaseLineDto } from '../../../../shared/api.ts';
import { MAX_BULK_LINE_IDS } from '../../../../shared/planning-schemas.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { ApiError, deleteJson, patchJson, postJson, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { changedFields, fieldsOf, optimisticLine, type LineFields } from './line-edit.ts';
import type { RowState } from './planning-grid.tsx';
import type { LineFilters } from './planning-filters.ts';
import { cachedLine, invalidateAfterLineWrite, invalidateProgrammes, patchCachedLines, planningKeys } from './planning-queries.ts';

export type LastChange =
  | { kind: 'edit'; lineId: number; code: string; before: LineFields }
  | { kind: 'add'; line: PurchaseLineDto }
  | { kind: 'delete'; line: PurchaseLineDto };

interface EditVariables {
  /** The line as shown when the change was made. */
  base: PurchaseLineDto;
  fields: LineFields;
  /** Sent on this version instead of the cached one (keeping one's change over another's). */
  version?: number;
  undoable: boolean;
}

export interface NewLine extends LineFields {
  itemId: number;
}

export type BulkAction = { set: Partial<Pick<LineFields, 'channel' | 'segment' | 'process'>> } | { delete: true };

/** The `current` record a 409 stale-version problem carries. */
function currentOf<T>(error: unknown): T | undefined {
  if (error instanceof ApiError && error.status === 409 && error.problem.type === problemTypes.staleVersion) {
    return (error.problem as unknown as { current?: T }).current;
  }
  return undefined;
}

export function usePlanningWrites(programmeId: number) {
  const queryClient = useQueryClient();
  const [rowStates, setRowStates] = useState<ReadonlyMap<number, RowState>>(new Map());
  const [lastChange, setLastChange] = useState<LastChange | null>(null);
  /** What the last write did or why it failed, read out to screen readers too. */
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const scope = { id: `planning-${programmeId}` };
  const linesPath = `/programmes/${programmeId}/lines`;

  const setRowState = (lineId: number, state: RowState | null) =>
    setRowStates((previous) => {
      const next = new Map(previous);
      if (state) next.set(lineId, state);
      else next.delete(lineId);
      return next;
    });

  const settled = () => invalidateAfterLineWrite(queryClient, programmeId);

  const edit = useMutation({
    scope,
    onMutate: ({ base, fields }: EditVariables) => {
      const before = cachedLine(queryClient, programmeId, base.id) ?? base;
      patchCachedLines(queryClient, programmeId, { upsert: [optimisticLine(before, fields)] });
      setRowState(base.id, { saving: true });
      return { before };
    },
    mutationFn: ({ base, fields, version }: EditVariables) =>
      patchJson<PurchaseLineDto>(`${linesPath}/${base.id}`, {
        version: version ?? cachedLine(queryClient, programmeId, base.id)?.version ?? base.version,
        ...changedFields(fieldsOf(base), fields),
      }),
    onSuccess: (saved, { base, undoable }) => {
      patchCachedLines(queryClient, programmeId, { upsert: [saved] });
      setRowState(saved.id, null);
      if (undoable) setLastChange({ kind: 'edit', lineId: saved.id, code: saved.item.code, before: fieldsOf(base) });
      setNotice({ kind: 'ok', text: `Línea ${saved.item.code} guardada.` });
    },
    onError: (error, { base, fields }, context) => {
      const current = currentOf<PurchaseLineDto>(error);
      if (current) {
        patchCachedLines(queryClient, programmeId, { upsert: [current] });
        setRowState(base.id, { conflict: { mine: fields, theirs: current } });
        setNotice({ kind: 'error', text: `La línea ${base.item.code} cambió mientras la editaba: elija qué versión queda.` });
        return;
      }
      if (error instanceof ApiError && error.status === 404) {
        patchCachedLines(queryClient, programmeId, { remove: [base.id] });
        setRowState(base.id, null);
        setNotice({ kind: 'error', text: `La línea ${base.item.code} ya no existe: otra persona la eliminó.` });
        return;
      }
      if (context) patchCachedLines(queryClient, programmeId, { upsert: [context.before] });
      setRowState(base.id, { error: `No se guardó el cambio: ${problemSummary(toProblem(error))}` });
      // Approved or closed meanwhile: the page learns the status and turns read-only.
      if (error instanceof ApiError && error.problem.type === problemTypes.programmeNotEditable) void invalidateProgrammes(queryClient);
    },
    onSettled: settled,
  });

  const add = useMutation({
    scope,
    mutationFn: (line: NewLine) => postJson<PurchaseLineDto>(linesPath, line),
    onSuccess: (saved) => {
      patchCachedLines(queryClient, programmeId, { upsert: [saved] });
      setLastChange({ kind: 'add', line: saved });
      setNotice({ kind: 'ok', text: `Línea ${saved.item.code} agregada.` });
    },
    onSettled: settled,
  });

  const remove = useMutation({
    scope,
    onMutate: ({ line }: { line: PurchaseLineDto; undoable: boolean }) => {
      patchCachedLines(queryClient, programmeId, { remove: [line.id] });
    },
    mutationFn: ({ line }: { line: PurchaseLineDto; undoable: boolean }) =>
      deleteJson(`${linesPath}/${line.id}?version=${line.version}`),
    onSuccess: (_answer, { line, undoable }) => {
      setRowState(line.id, null);
      if (undoable) setLastChange({ kind: 'delete', line });
      setNotice({ kind: 'ok', text: `Línea ${line.item.code} eliminada.` });
    },
    onError: (error, { line }) => {
      if (error instanceof ApiError && error.status === 404) return;
      const current = currentOf<PurchaseLineDto>(error);
      patchCachedLines(queryClient, programmeId, { upsert: [current ?? line] });
      setRowState(line.id, {
        error: current
          ? `No se eliminó: otra persona cambió la línea ${line.item.code}. Revise sus valores y elimínela de nuevo si corresponde.`
          : `No se eliminó la línea: ${problemSummary(toProblem(error))}`,
      });
    },
    onSettled: settled,
  });

  const bulk = useMutation({
    scope,
    mutationFn: ({ lineIds, filters, action }: { lineIds: readonly number[]; filters: LineFilters | null; action: BulkAction }) => {
      // More lines than a request may name: the server selects them with the same filters.
      const target =
        filters && lineIds.length > MAX_BULK_LINE_IDS
          ? { filter: { channel: filters.channel, segment: filters.segment, process: filters.process, q: filters.q || undefined } }
          : { lineIds };
      return postJson<BulkLinesResult>(`${linesPath}/bulk`, { ...target, ...action });
    },
    onSuccess: async (result, { action }) => {
      setLastChange(null);
      setRowStates(new Map());
      setNotice({
        kind: 'ok',
        text: `${'delete' in action ? 'Eliminadas' : 'Movidas'}: ${result.affected} líneas. Una acción en bloque no se puede deshacer.`,
      });
      await queryClient.refetchQueries({ queryKey: planningKeys.allLines(programmeId) });
    },
    onSettled: settled,
  });

  const editLine = (base: PurchaseLineDto, fields: LineFields) => edit.mutate({ base, fields, undoable: true });

  const resolve = (line: PurchaseLineDto, choice: 'mine' | 'theirs') => {
    const conflict = rowStates.get(line.id)?.conflict;
    if (!conflict) return;
    setRowState(line.id, null);
    if (choice === 'mine') edit.mutate({ base: conflict.theirs, fields: conflict.mine, version: conflict.theirs.version, undoable: true });
    else setNotice({ kind: 'ok', text: `Línea ${line.item.code}: se muestra lo guardado por la otra persona.` });
  };

  const undo = () => {
    if (!lastChange) return;
    setLastChange(null);
    if (lastChange.kind === 'edit') {
      const line = cachedLine(queryClient, programmeId, lastChange.lineId);
      if (line) edit.mutate({ base: line, fields: lastChange.before, undoable: false });
    } else if (lastChange.kind === 'add') {
      const line = cachedLine(queryClient, programmeId, lastChange.line.id) ?? lastChange.line;
      remove.mutate({ line, undoable: false });
    } else {
      const { item, channel, segment, process, quantity, unitPrice } = lastChange.line;
      add.mutate(
        { itemId: item.id, channel, segment, process, quantity, unitPrice },
        { onSuccess: () => setLastChange(null) },
      );
    }
  };

  return {
    rowStates,
    notice,
    lastChange,
    editLine,
    resolve,
    undo,
    add,
    remove: (line: PurchaseLineDto) => remove.mutate({ line, undoable: true }),
    bulk,
    dismissError: (line: PurchaseLineDto) => setRowState(line.id, null),
    clearNotice: () => setNotice(null),
  };
}
