// The Cobertura view as it lives in the URL, so a view can be shared by copying the address:
// ?por=cartilla|grupo|ven (the breakdown shown) and the filters of the item list
// (?estado=&cartilla=&grupo=&ven=&q=&pagina=&tam=). Unknown values fall back to defaults.
import type { CoverageDimension } from '../../../../shared/api.ts';
import { coverageStatuses, supplyLists, venClasses, type CoverageStatus, type SupplyList, type VenClass } from '../../../../shared/domain.ts';
import { readEnum, readText } from '../../platform/lib/search-params.ts';

export const dimensionParams: Record<CoverageDimension, string> = {
  supplyList: 'cartilla',
  group: 'grupo',
  ven: 'ven',
};

export const dimensionLabels: Record<CoverageDimension, string> = {
  supplyList: 'Cartilla',
  group: 'Grupo terapéutico',
  ven: 'VEN',
};

export interface CoverageFilters {
  status: CoverageStatus | undefined;
  supplyList: SupplyList | undefined;
  group: string | undefined;
  ven: VenClass | undefined;
  q: string;
}

/** The URL params of every filter: a drill-down replaces all of them. */
export const FILTER_PARAMS = ['estado', 'cartilla', 'grupo', 'ven', 'q'] as const;

export function readDimension(params: URLSearchParams): CoverageDimension {
  const value = params.get('por');
  const found = (Object.keys(dimensionParams) as CoverageDimension[]).find((dimension) => dimensionParams[dimension] === value);
  return found ?? 'supplyList';
}

export function readFilters(params: URLSearchParams): CoverageFilters {
  const group = readText(params, 'grupo').trim().slice(0, 100);
  return {
    status: readEnum(params, 'estado', coverageStatuses),
    supplyList: readEnum(params, 'cartilla', supplyLists),
    group: group || undefined,
    ven: readEnum(params, 'ven', venClasses),
    q: readText(params, 'q').trim(),
  };
}

/** The API query of the filters (coverageItemsQuerySchema). */
export function apiFilters(filters: CoverageFilters) {
  return { status: filters.status, supplyList: filters.supplyList, group: filters.group, ven: filters.ven, q: filters.q };
}

export function hasFilters(filters: CoverageFilters): boolean {
  return Object.values(apiFilters(filters)).some((value) => value !== undefined && value !== '');
}

/** The search of a drill-down: the dimension shown, then exactly the filters of one count. */
export function drillDownSearch(
  dimension: CoverageDimension,
  filters: { status?: CoverageStatus; supplyList?: SupplyList; group?: string; ven?: VenClass },
): string {
  const params = new URLSearchParams();
  if (dimension !== 'supplyList') params.set('por', dimensionParams[dimension]);
  if (filters.status) params.set('estado', filters.status);
  if (filters.supplyList) params.set('cartilla', filters.supplyList);
  if (filters.group) params.set('grupo', filters.group);
  if (filters.ven) params.set('ven', filters.ven);
  return `?${params}`;
}
