// Two programmes side by side (Compra 2012 against the copy being planned, say): the lines added,
// removed and changed, a page of each, and the purchases table of both with the difference.
import type { Kysely } from 'kysely';
import type { CompareFigures, CompareRow, ProgrammeComparison } from '../../../shared/api.ts';
import type { CompareQuery } from '../../../shared/planning-schemas.ts';
import { compareSummaryKeys } from '../../../shared/domain.ts';
import { subtractMoney } from '../../../shared/money.ts';
import { buildProgrammeSummary, type ComputedLeaf } from '../../../shared/purchase-summary.ts';
import type { Database } from '../../../db/schema.ts';
import { NotFoundProblem } from '../../platform/http/problem.ts';
import { findChangedLines, findUnmatchedLines } from './programme-compare.repository.ts';
import { findLinesByIds, findProgramme, sumLinesByLeaf } from './programmes.repository.ts';

type Db = Kysely<Database>;

export async function compareProgrammes(db: Db, query: CompareQuery): Promise<ProgrammeComparison> {
  const [base, other] = await Promise.all([findProgramme(db, query.base), findProgramme(db, query.other)]);
  if (!base) throw notFound('base', query.base);
  if (!other) throw notFound('other', query.other);
  const page = { limit: query.pageSize, offset: (query.page - 1) * query.pageSize };
  const [added, removed, changed, baseLeaves, otherLeaves] = await Promise.all([
    findUnmatchedLines(db, other.id, base.id, page),
    findUnmatchedLines(db, base.id, other.id, page),
    findChangedLines(db, base.id, other.id, page),
    sumLinesByLeaf(db, base.id),
    sumLinesByLeaf(db, other.id),
  ]);
  const [addedLines, removedLines, beforeLines, afterLines] = await Promise.all([
    findLinesByIds(db, added.ids),
    findLinesByIds(db, removed.ids),
    findLinesByIds(db, changed.pairs.map((pair) => pair.beforeId)),
    findLinesByIds(db, changed.pairs.map((pair) => pair.afterId)),
  ]);
  const { summary, totals } = compareSummaries(baseLeaves, otherLeaves);
  return {
    base,
    other,
    counts: { added: added.total, removed: removed.total, changed: changed.total },
    page: query.page,
    pageSize: query.pageSize,
    added: addedLines,
    removed: removedLines,
    changed: beforeLines.map((before, index) => ({ before, after: afterLines[index]! })),
    summary,
    totals,
  };
}

const notFound = (field: 'base' | 'other', id: number) => {
  const detail = `No existe el programa ${id}.`;
  return Object.assign(new NotFoundProblem(detail), { errors: [{ field, in: 'query' as const, message: detail }] });
};

type Key = Pick<CompareRow, 'channel' | 'segment' | 'process'>;
const keyOf = ({ channel, segment, process }: Key) => `${channel}/${segment ?? ''}/${process ?? ''}`;

/** other − base; an amount absent on one side counts as nothing there. */
function difference(base: CompareFigures, other: CompareFigures): CompareFigures {
  return {
    items: other.items - base.items,
    amount: base.amount === null && other.amount === null ? null : subtractMoney(other.amount ?? '0.00', base.amount ?? '0.00'),
  };
}

/** Both purchases tables (shared/purchase-summary.ts), row by row: leaves and subtotals in display order. */
export function compareSummaries(baseLeaves: readonly ComputedLeaf[], otherLeaves: readonly ComputedLeaf[]) {
  const tables = [buildProgrammeSummary(baseLeaves, []), buildProgrammeSummary(otherLeaves, [])];
  const figuresBy = tables.map((table) => {
    const byKey = new Map<string, CompareFigures>();
    for (const row of table.rows) byKey.set(keyOf(row), { items: row.items, amount: row.amount });
    for (const row of table.subtotals) byKey.set(keyOf({ ...row, process: null }), { items: row.items, amount: row.amount });
    return byKey;
  });
  const keys = new Map<string, Key>();
  for (const table of tables) {
    for (const row of table.rows) keys.set(keyOf(row), { channel: row.channel, segment: row.segment, process: row.process });
    for (const row of table.subtotals) keys.set(keyOf({ ...row, process: null }), { channel: row.channel, segment: row.segment, process: null });
  }
  const none: CompareFigures = { items: 0, amount: null };
  const summary = [...keys.values()].sort(compareRowsForDisplay).map((key) => {
    const base = figuresBy[0]!.get(keyOf(key)) ?? none;
    const other = figuresBy[1]!.get(keyOf(key)) ?? none;
    return { ...key, base, other, difference: difference(base, other) };
  });
  const [baseTotals, otherTotals] = tables.map((table) => ({ items: table.totals.items, amount: table.totals.amount }));
  return { summary, totals: { base: baseTotals!, other: otherTotals!, difference: difference(baseTotals!, otherTotals!) } };
}

/** The purchases table's order: a channel's subtotal, then each segment's subtotal and its processes. */
function compareRowsForDisplay(a: Key, b: Key): number {
  const asLeaf = (key: Key) => ({ channel: key.channel, segment: key.segment, process: key.process ?? 'reverse_auction' });
  const byChannel = compareSummaryKeys({ ...asLeaf(a), segment: null }, { ...asLeaf(b), segment: null });
  if (byChannel !== 0) return byChannel;
  const subtotalFirst = (key: Key) => (key.segment === null && key.process === null ? 0 : 1);
  if (subtotalFirst(a) !== subtotalFirst(b)) return subtotalFirst(a) - subtotalFirst(b);
  const bySegment = compareSummaryKeys({ ...asLeaf(a), process: 'reverse_auction' }, { ...asLeaf(b), process: 'reverse_auction' });
  if (bySegment !== 0) return bySegment;
  if ((a.process === null) !== (b.process === null)) return a.process === null ? -1 : 1;
  return compareSummaryKeys(asLeaf(a), asLeaf(b));
}
