// Reads and writes of the quantification inputs (issue 14): an item's monthly consumption, and the
// import of consumption, stock and supply-parameter files.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ImportReport } from '../../../../shared/api.ts';
import type { ConsumptionSheetKind } from '../../../../shared/consumption-sheet.ts';
import type { ConsumptionRecordDto, MonthlyConsumptionDto, StockPositionDto, SupplyParametersDto } from '../../../../shared/quantification-api.ts';
import { postForm } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';
import { programmeKeys } from '../programmes/programme-queries.ts';

export const consumptionKeys = {
  all: ['consumption'] as const,
  item: (itemId: number) => [...consumptionKeys.all, 'item', itemId] as const,
  stock: (itemId: number) => [...consumptionKeys.all, 'stock', itemId] as const,
  parameters: (itemId: number) => [...consumptionKeys.all, 'parameters', itemId] as const,
};

export const consumptionQueries = {
  item: (itemId: number) =>
    apiQuery<{ itemId: number; records: ConsumptionRecordDto[]; months: MonthlyConsumptionDto[] }>(consumptionKeys.item(itemId), `/items/${itemId}/consumption`, { kind: 'shared' }),
  stock: (itemId: number) =>
    apiQuery<{ itemId: number; positions: StockPositionDto[] }>(consumptionKeys.stock(itemId), `/items/${itemId}/stock`, { kind: 'shared' }),
  parameters: (itemId: number) =>
    apiQuery<SupplyParametersDto | null>(consumptionKeys.parameters(itemId), `/items/${itemId}/supply-parameters`, { kind: 'shared' }),
};

export interface ConsumptionImportRequest {
  kind: ConsumptionSheetKind;
  file: File;
  /** The user's corrections to the detected columns: header → column key ('' to ignore it). */
  mapping: Readonly<Record<string, string>>;
  dryRun: boolean;
  signal?: AbortSignal;
}

/** Checks (dry run) or applies a file; an applied one refreshes the inputs and what is computed from them. */
export function useImportConsumption() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ kind, file, mapping, dryRun, signal }: ConsumptionImportRequest) => {
      const form = new FormData();
      form.set('kind', kind);
      form.set('dryRun', dryRun ? 'true' : 'false');
      if (Object.keys(mapping).length > 0) form.set('mapping', JSON.stringify(mapping));
      form.set('file', file, file.name);
      return postForm<ImportReport>('/consumption/import', form, { signal });
    },
    onSuccess: (_report, { dryRun }) =>
      dryRun
        ? undefined
        : Promise.all([
            queryClient.invalidateQueries({ queryKey: consumptionKeys.all }),
            queryClient.invalidateQueries({
              queryKey: programmeKeys.all,
              predicate: (query) => query.queryKey[2] === 'quantification' || query.queryKey[2] === 'indicators',
            }),
          ]),
  });
}
