// The therapeutic groups the formulary uses, to suggest in the item form.
import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { itemQueries } from './formulary-queries.ts';

const NONE: string[] = [];

export function useTherapeuticGroups(): readonly string[] {
  const groups = useQuery(itemQueries.therapeuticGroups()).data?.groups;
  return useMemo(() => groups?.map((group) => group.name) ?? NONE, [groups]);
}
