// ABC analysis by value and the ABC × VEN matrix of a programme (issue 14): where the money goes,
// and whether it goes to what is vital.
//
// - Items are sorted by amount, largest first; equal amounts by code, then by item id, so the
//   result does not depend on the order the items arrive in.
// - An item is A while the cumulative share of value *before* it is below the A cut-off (default
//   80 %), then B while below A + B (default 80 + 15 = 95 %), then C. The first item is always A
//   (nothing comes before it), and one item may carry the A class past the cut-off.
// - The classes are decided on exact shares (cumulative amount × 100 < cut-off × total); the
//   shares shown are percentages rounded half up to 4 decimals (SHARE_DECIMALS), each from the
//   exact amounts, so the last cumulative share is exactly 100.0000 while rounded item or class
//   shares need not add up to it.
// - Amounts are exact sums, written with as many decimals as the most precise amount (at least
//   two, as money is written).
// - A programme whose total is zero has no value to rank: every share is 0.0000 and every item is
//   C (the cross-multiplied rule above gives that without dividing by zero).
import Decimal from 'decimal.js';
import type { VenClass } from './domain.ts';

const D = Decimal.clone({ precision: 200, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -200, toExpPos: 200 });
type D = Decimal;

export const abcClasses = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof abcClasses)[number];

/** Default cut-offs, in percent of the programme's value. */
export const DEFAULT_A_CUTOFF = '80';
export const DEFAULT_B_CUTOFF = '15';
/** Shares are percentages with this many decimals, rounded half up. */
export const SHARE_DECIMALS = 4;

/** Amounts and cut-offs have at most this many digits, so that every product stays exact. */
const MAX_DIGITS = 40;
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Bad input for an ABC analysis; `field` names it (`a`, `b`, `items.3.amount`, `categories`). */
export class AbcInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'AbcInputError';
  }
}

function readDecimal(field: string, what: string, raw: unknown): D {
  if (typeof raw !== 'string' || !PLAIN_DECIMAL.test(raw.trim())) {
    throw new AbcInputError(field, `${what} (${field}): no es un número (use punto decimal, sin separadores de miles); se recibió ${JSON.stringify(raw)}`);
  }
  const text = raw.trim();
  if (text.replace(/\D/g, '').length > MAX_DIGITS) {
    throw new AbcInputError(field, `${what} (${field}): tiene más de ${MAX_DIGITS} cifras`);
  }
  const value = new D(text);
  if (value.lt(0)) throw new AbcInputError(field, `${what} (${field}): no puede ser negativo; se recibió "${text}"`);
  return value.isZero() ? new D(0) : value;
}

// ---------------------------------------------------------------------------------------------
// ABC by value

export interface AbcItemInput {
  itemId: number;
  code: string;
  /** The item's value in the programme, a decimal string (soles). */
  amount: string;
}

export interface AbcCutoffs {
  /** A up to this percentage of value (default 80). */
  a?: string;
  /** B the next this percentage (default 15). */
  b?: string;
}

export interface AbcItemResult {
  amount: string;
  /** Percentage of the programme's value, 4 decimals. */
  share: string;
  /** Percentage of value of this item and every item before it, 4 decimals. */
  cumulativeShare: string;
  class: AbcClass;
}

export interface AbcClassSummary {
  class: AbcClass;
  items: number;
  amount: string;
  share: string;
}

export interface AbcAnalysis<T extends AbcItemInput> {
  total: string;
  /** The cut-offs applied, in percent. */
  a: string;
  b: string;
  items: (Omit<T, keyof AbcItemResult> & AbcItemResult)[];
  /** A, B and C, each always present. */
  classes: AbcClassSummary[];
}

/** Reads the cut-offs: each between 0 and 100, together at most 100. */
export function readAbcCutoffs(cutoffs: AbcCutoffs = {}): { a: D; b: D } {
  const a = readDecimal('a', 'Corte de la clase A', cutoffs.a ?? DEFAULT_A_CUTOFF);
  const b = readDecimal('b', 'Corte de la clase B', cutoffs.b ?? DEFAULT_B_CUTOFF);
  if (a.gt(100)) throw new AbcInputError('a', `Corte de la clase A (a): no puede superar 100 %; se recibió "${a.toFixed()}"`);
  if (a.plus(b).gt(100)) {
    throw new AbcInputError('b', `Corte de la clase B (b): A + B no puede superar 100 %; ${a.toFixed()} + ${b.toFixed()} = ${a.plus(b).toFixed()}`);
  }
  return { a, b };
}

/**
 * An amount as readDecimal reads it (same checks, same messages), as its digits: the whole part
 * and the fraction without trailing zeros (what decimal.js's decimalPlaces counts).
 */
function readPlain(field: string, raw: unknown): { whole: string; fraction: string } {
  if (typeof raw !== 'string') return readDecimalParts(field, raw);
  const match = /^\s*(\+)?(\d*)(?:\.(\d*))?\s*$/.exec(raw);
  if (!match || (match[2] === '' && (match[3] ?? '') === '') || raw.replace(/\D/g, '').length > MAX_DIGITS) return readDecimalParts(field, raw);
  return { whole: match[2] || '0', fraction: (match[3] ?? '').replace(/0+$/, '') };
}

/** The slow path: readDecimal decides (and words any error). */
function readDecimalParts(field: string, raw: unknown): { whole: string; fraction: string } {
  const value = readDecimal(field, 'Monto', raw);
  const [whole, fraction = ''] = value.toFixed().split('.');
  return { whole: whole!, fraction };
}

/** `value` × 10^scale as a bigint (exact: the value has at most `scale` decimals). */
const scaled = (value: D, scale: number) => BigInt(value.toFixed(scale).replace('.', ''));

/** A non-negative bigint of `places` implied decimals, written with them. */
function writeScaled(units: bigint, places: number): string {
  if (places === 0) return units.toString();
  const digits = units.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

/** part × 100 ÷ whole (both ≥ 0, same scale), rounded half up to SHARE_DECIMALS; 0 when the whole is 0. */
function percentOfUnits(part: bigint, whole: bigint): string {
  if (whole === 0n) return writeScaled(0n, SHARE_DECIMALS);
  const numerator = part * 100n * 10n ** BigInt(SHARE_DECIMALS);
  let quotient = numerator / whole;
  if (2n * (numerator % whole) >= whole) quotient += 1n;
  return writeScaled(quotient, SHARE_DECIMALS);
}

/**
 * ABC analysis by value of a programme's items. Throws AbcInputError.
 * Amounts are read once, then ranked and summed as integers of the finest decimals among them
 * (bigint), so that 10,000 items take milliseconds, with the same exact results.
 */
export function abcAnalysis<T extends AbcItemInput>(items: readonly T[], cutoffs: AbcCutoffs = {}): AbcAnalysis<T> {
  const { a, b } = readAbcCutoffs(cutoffs);
  const values = items.map((item, index) => readPlain(`items.${index}.amount`, item.amount));
  const places = values.reduce((most, value) => Math.max(most, value.fraction.length), 2);
  const read = items.map((item, index) => {
    const { whole, fraction } = values[index]!;
    return { item, itemId: item.itemId, code: item.code, units: BigInt(whole + fraction.padEnd(places, '0')) };
  });
  // Largest amount first; equal amounts by code, then by item id (code points, not locale: the same everywhere).
  read.sort((x, y) => {
    if (x.units !== y.units) return x.units > y.units ? -1 : 1;
    if (x.code !== y.code) return x.code < y.code ? -1 : 1;
    return x.itemId - y.itemId;
  });

  const total = read.reduce((sum, entry) => sum + entry.units, 0n);
  // before × 100 < cut-off × total, with the cut-offs scaled to integers too.
  const cutoffPlaces = Math.max(a.decimalPlaces(), b.decimalPlaces());
  const cutoffScale = 10n ** BigInt(cutoffPlaces);
  const aLimit = scaled(a, cutoffPlaces) * total;
  const abLimit = scaled(a.plus(b), cutoffPlaces) * total;

  const summaries = new Map<AbcClass, { items: number; units: bigint }>(abcClasses.map((abc) => [abc, { items: 0, units: 0n }]));
  let before = 0n;
  const ranked = read.map(({ item, units }) => {
    const percentBefore = before * 100n * cutoffScale;
    const abc: AbcClass = percentBefore < aLimit ? 'A' : percentBefore < abLimit ? 'B' : 'C';
    before += units;
    const summary = summaries.get(abc)!;
    summary.items += 1;
    summary.units += units;
    return { ...item, amount: writeScaled(units, places), share: percentOfUnits(units, total), cumulativeShare: percentOfUnits(before, total), class: abc };
  });

  return {
    total: writeScaled(total, places),
    a: a.toFixed(),
    b: b.toFixed(),
    items: ranked,
    classes: abcClasses.map((abc) => {
      const { items: count, units } = summaries.get(abc)!;
      return { class: abc, items: count, amount: writeScaled(units, places), share: percentOfUnits(units, total) };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// ABC × VEN

export const venLetters = { vital: 'V', essential: 'E', non_essential: 'N' } as const satisfies Record<VenClass, string>;
type VenLetter = (typeof venLetters)[VenClass];
export type AbcVenCell = `${AbcClass}${VenLetter}`;

/** The nine cells, row by row: A-V, A-E, A-N, B-V, … */
export const abcVenCells: readonly AbcVenCell[] = abcClasses.flatMap((abc) => Object.values(venLetters).map((ven) => `${abc}${ven}` as AbcVenCell));

/** Categories of the ABC × VEN matrix: each cell in exactly one. */
export type AbcVenCategories = Readonly<Record<string, readonly string[]>>;

/** The usual grouping: I needs the closest follow-up (the money, or what is vital), III the least. */
export const DEFAULT_ABC_VEN_CATEGORIES: AbcVenCategories = {
  I: ['AV', 'AE', 'AN', 'BV', 'CV'],
  II: ['BE', 'CE', 'BN'],
  III: ['CN'],
};

export interface AbcVenItem {
  itemId: number;
  class: AbcClass;
  ven: VenClass;
  amount: string;
}

export interface AbcVenCellSummary {
  cell: AbcVenCell;
  abc: AbcClass;
  ven: VenClass;
  category: string;
  items: number;
  amount: string;
  share: string;
  /** The items in the cell, in the order given (ABC order when from abcAnalysis): the drill-down. */
  itemIds: number[];
}

export interface AbcVenCategorySummary {
  category: string;
  cells: AbcVenCell[];
  items: number;
  amount: string;
  share: string;
}

export interface AbcVenMatrix {
  total: string;
  cells: AbcVenCellSummary[];
  categories: AbcVenCategorySummary[];
}

/** Reads categories: every one of the nine cells in exactly one named category. */
export function readAbcVenCategories(categories: AbcVenCategories): Map<AbcVenCell, string> {
  const categoryOf = new Map<AbcVenCell, string>();
  for (const [category, cells] of Object.entries(categories)) {
    if (category.trim() === '') throw new AbcInputError('categories', 'Categorías (categories): cada categoría lleva un nombre');
    for (const cell of cells) {
      const code = String(cell).trim().toUpperCase() as AbcVenCell;
      if (!abcVenCells.includes(code)) {
        throw new AbcInputError('categories', `Categorías (categories): "${cell}" no es una celda; use ${abcVenCells.join(', ')}`);
      }
      const earlier = categoryOf.get(code);
      if (earlier !== undefined) {
        throw new AbcInputError('categories', `Categorías (categories): la celda ${code} está en «${earlier}» y en «${category}»; debe estar en una sola`);
      }
      categoryOf.set(code, category);
    }
  }
  const missing = abcVenCells.filter((cell) => !categoryOf.has(cell));
  if (missing.length > 0) {
    throw new AbcInputError('categories', `Categorías (categories): falta asignar ${missing.join(', ')} a una categoría`);
  }
  return categoryOf;
}

/** Counts and amounts per ABC × VEN cell and per category. Throws AbcInputError. */
export function abcVenMatrix(items: readonly AbcVenItem[], categories: AbcVenCategories = DEFAULT_ABC_VEN_CATEGORIES): AbcVenMatrix {
  const categoryOf = readAbcVenCategories(categories);
  // As in abcAnalysis: integers of the finest decimals among the amounts.
  const values = items.map((item, index) => readPlain(`items.${index}.amount`, item.amount));
  const places = values.reduce((most, value) => Math.max(most, value.fraction.length), 2);
  const units = values.map(({ whole, fraction }) => BigInt(whole + fraction.padEnd(places, '0')));
  const total = units.reduce((sum, value) => sum + value, 0n);
  const write = (amount: bigint) => writeScaled(amount, places);

  const cells = new Map(abcVenCells.map((cell) => [cell, { items: 0, amount: 0n, itemIds: [] as number[] }]));
  items.forEach((item, index) => {
    const code = `${item.class}${venLetters[item.ven]}` as AbcVenCell;
    const cell = cells.get(code);
    if (cell === undefined) throw new AbcInputError(`items.${index}`, `Ítem ${item.itemId}: clase ABC "${item.class}" o VEN "${item.ven}" desconocida`);
    cell.items += 1;
    cell.amount += units[index]!;
    cell.itemIds.push(item.itemId);
  });

  const cellSummaries: AbcVenCellSummary[] = abcVenCells.map((code) => {
    const cell = cells.get(code)!;
    const ven = (Object.keys(venLetters) as VenClass[]).find((key) => venLetters[key] === code[1])!;
    return {
      cell: code,
      abc: code[0] as AbcClass,
      ven,
      category: categoryOf.get(code)!,
      items: cell.items,
      amount: write(cell.amount),
      share: percentOfUnits(cell.amount, total),
      itemIds: cell.itemIds,
    };
  });

  const categorySummaries = Object.keys(categories).map((category) => {
    const inCategory = abcVenCells.filter((code) => categoryOf.get(code) === category);
    const amount = inCategory.reduce((sum, code) => sum + cells.get(code)!.amount, 0n);
    return {
      category,
      cells: inCategory,
      items: inCategory.reduce((sum, code) => sum + cells.get(code)!.items, 0),
      amount: write(amount),
      share: percentOfUnits(amount, total),
    };
  });

  return { total: write(total), cells: cellSummaries, categories: categorySummaries };
}
