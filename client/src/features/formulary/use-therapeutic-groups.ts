// The therapeutic groups seen in the formulary, to suggest in the item form. There is no endpoint of
// its own: the coverage breakdown by group of the first programme covers every formulary item.
import { useMemo } from 'react';
import type { CoverageBreakdown } from '../../../../shared/api.ts';
import { useApi } from '../../platform/api/use-api.ts';
import { useAppContext } from '../../platform/components/app-layout.tsx';

const NONE: string[] = [];

export function useTherapeuticGroups(): readonly string[] {
  const { programmes } = useAppContext();
  const first = programmes.data?.[0];
  const breakdown = useApi<CoverageBreakdown>(first ? `/programmes/${first.id}/coverage/breakdown` : null, { by: 'group' });
  return useMemo(
    () => (breakdown.data ? breakdown.data.rows.map((row) => row.key).sort((a, b) => a.localeCompare(b, 'es')) : NONE),
    [breakdown.data],
  );
}
