// The grid's filters and order, kept in the URL (?canal=…&segmento=…&proceso=…&q=…&orden=…&dir=…),
// applied in the browser to the programme's lines (all of them are loaded), so an edit shows at
// once in its place.
import type { PurchaseLineDto } from '../../../../shared/api.ts';
import { channels, processes, segments, type Channel, type Process, type Segment } from '../../../../shared/domain.ts';
import { readEnum, readText } from '../../platform/lib/search-params.ts';

export const lineSorts = ['code', 'name', 'channel', 'process', 'quantity', 'unitPrice', 'amount'] as const;
export type LineSort = (typeof lineSorts)[number];

export interface LineFilters {
  channel?: Channel;
  segment?: Segment;
  process?: Process;
  q: string;
  sort: LineSort;
  order: 'asc' | 'desc';
}

export function readLineFilters(params: URLSearchParams): LineFilters {
  return {
    channel: readEnum(params, 'canal', channels),
    segment: readEnum(params, 'segmento', segments),
    process: readEnum(params, 'proceso', processes),
    q: readText(params, 'q').trim(),
    sort: readEnum(params, 'orden', lineSorts) ?? 'code',
    order: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

export function hasLineFilters(filters: LineFilters): boolean {
  return filters.channel !== undefined || filters.segment !== undefined || filters.process !== undefined || filters.q !== '';
}

/** Lower case without accents: "Ácido" and "acido" match. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Orders two non-negative plain decimals written as text ("12.5", "3.0000") without turning them
 * into JS numbers: by the length of the integer part, then digit by digit. null sorts first.
 */
export function compareDecimalText(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  const [ai = '0', af = ''] = a.replace(/^0+(?=\d)/, '').split('.');
  const [bi = '0', bf = ''] = b.replace(/^0+(?=\d)/, '').split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

const collator = new Intl.Collator('es-PE', { sensitivity: 'base', numeric: true });
const rank = <T,>(list: readonly T[], value: T | null) => (value === null ? -1 : list.indexOf(value));

/**
 * Codes compare as plain text, as the server orders them: cheap enough to sort 20,000 lines on
 * every edit (the lines arrive in this order, and an already sorted array costs one pass).
 */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const comparators: Record<LineSort, (a: PurchaseLineDto, b: PurchaseLineDto) => number> = {
  code: (a, b) => compareText(a.item.code, b.item.code),
  name: (a, b) => collator.compare(a.item.name, b.item.name),
  channel: (a, b) => rank(channels, a.channel) - rank(channels, b.channel) || rank(segments, a.segment) - rank(segments, b.segment),
  process: (a, b) => rank(processes, a.process) - rank(processes, b.process),
  quantity: (a, b) => compareDecimalText(a.quantity, b.quantity),
  unitPrice: (a, b) => compareDecimalText(a.unitPrice, b.unitPrice),
  amount: (a, b) => compareDecimalText(a.amount, b.amount),
};

/** The lines the filters keep, in the asked order (ties by code, then channel: a stable order). */
export function applyLineFilters(lines: readonly PurchaseLineDto[], filters: LineFilters): PurchaseLineDto[] {
  const q = foldText(filters.q);
  const kept = lines.filter(
    (line) =>
      (filters.channel === undefined || line.channel === filters.channel) &&
      (filters.segment === undefined || line.segment === filters.segment) &&
      (filters.process === undefined || line.process === filters.process) &&
      (q === '' || foldText(line.item.code).includes(q) || foldText(line.item.name).includes(q)),
  );
  const primary = comparators[filters.sort];
  const direction = filters.order === 'desc' ? -1 : 1;
  return kept.sort(
    (a, b) => direction * primary(a, b) || comparators.code(a, b) || rank(channels, a.channel) - rank(channels, b.channel),
  );
}
