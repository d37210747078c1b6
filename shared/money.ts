// Money for Abastece: reading, formatting and exact arithmetic on soles (S/).
//
// Rounding policy
// - Amounts are exact decimals. A JS number never carries money; amounts travel as strings and
//   are computed with a private decimal.js clone (MoneyDecimal) or with integer cents (bigint).
// - Rounding happens only at named boundaries: `roundToCents`, `toMoney`, `lineAmount` and
//   `allocate` (and `formatMoney`/`formatAmount`, which round for display only).
// - Rounding is half up (away from zero on .5) to the cent: 0.005 -> 0.01, -0.005 -> -0.01.
// - `allocate` splits a total by largest remainder, so its parts always add up to the total.
//
// Canonical money string: optional "-", digits without leading zeros (except "0.xx"), ".",
// exactly two decimals, no thousands separators, never "-0.00". Example: "-1234.50".

import Decimal from 'decimal.js';

const D = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -50,
  toExpPos: 50,
});

/** Same settings as D but with room for every digit of a product (multiplication is then exact). */
const Exact = D.clone({ precision: 1_000_000 });

/** The private decimal.js clone used for money: precision 40, half up, no exponential notation. */
export const MoneyDecimal: Decimal.Constructor = D;
export type MoneyDecimal = Decimal;

/** Largest absolute amount accepted by `parseMoney`: what fits in numeric(14,2). */
const MAX_AMOUNT = new D('999999999999.99');

// ---------------------------------------------------------------------------------------------
// Errors

/** `parseMoney` could not read a text as an amount. `reason` says why, in Spanish. */
export class MoneyParseError extends Error {
  readonly input: string;
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`No se puede leer "${input}": ${reason}`);
    this.name = 'MoneyParseError';
    this.input = input;
    this.reason = reason;
  }
}

/** `allocate` got weights (or a total) it cannot split by. */
export class AllocationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AllocationError';
  }
}

// ---------------------------------------------------------------------------------------------
// Internal helpers

/** A plain decimal string: optional sign, digits, optional decimals. No exponent, no separators. */
const PLAIN_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** An amount with at most two decimals (what the cent-exact operations accept). */
const MONEY_INPUT = /^([+-]?)(\d+)(?:\.(\d{1,2}))?$/;

const CANONICAL = /^-?(?:0|[1-9]\d*)\.\d{2}$/;

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Reads a plain decimal string (programmer-facing: from the database, the API, other code). */
function decimalFromString(value: string, what: string): Decimal {
  if (typeof value !== 'string' || !PLAIN_DECIMAL.test(value)) {
    throw new RangeError(`${what}: ${describe(value)} no es un número decimal`);
  }
  return new D(value);
}

/** Integer cents of an amount with at most two decimals. */
function centsOf(value: string, what: string): bigint {
  const m = typeof value === 'string' ? MONEY_INPUT.exec(value) : null;
  if (!m) {
    throw new RangeError(
      `${what}: ${describe(value)} no es un importe con a lo sumo dos decimales`,
    );
  }
  const cents = BigInt((m[2] ?? '0') + (m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -cents : cents;
}

/** Canonical string of integer cents. */
function centsToMoney(cents: bigint): string {
  const negative = cents < 0n;
  const digits = (negative ? -cents : cents).toString().padStart(3, '0');
  const text = `${digits.slice(0, -2)}.${digits.slice(-2)}`;
  return negative ? `-${text}` : text;
}

/** Canonical string of a decimal, rounding half up to the cent. */
function canonical(value: Decimal): string {
  const rounded = value.toDecimalPlaces(2, D.ROUND_HALF_UP);
  if (rounded.isZero()) return '0.00';
  return rounded.toFixed(2);
}

/**
 * "1234567.89" -> "1,234,567.89": thousands separators on the integer part of any plain decimal
 * string, sign and fraction kept as given (grouping on the string, never through a JS number).
 */
export function groupThousands(decimal: string): string {
  const negative = decimal.startsWith('-');
  const [integer = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

// ---------------------------------------------------------------------------------------------
// Reading what people and spreadsheets write

const MINUS_SIGNS = /[-\u2212\u2012\uFE63\uFF0D]/;
const ZERO_WIDTH = /[\u200B-\u200D\u2060]/g;
const APOSTROPHES = /['\u2019\u2018\u02BC\u00B4]/g;
const CURRENCY_PREFIX = /^(?:S\/\.?|PEN)/i;
const MILLIONS_SUFFIX = /(?:millones|mill[oó]n|mlls?\.?)$/i;

/**
 * Reads an amount as people and spreadsheets write it and returns the canonical string.
 *
 * Accepts a currency prefix (S/., S/, PEN), thousands separators (",", ".", "'", "’", spaces),
 * "," or "." as the decimal separator, "-" or parentheses for negatives, and a "millones"
 * suffix. Rejects anything ambiguous or inexact with a MoneyParseError that says why.
 */
export function parseMoney(text: string): string {
  if (typeof text !== 'string') {
    throw new MoneyParseError(String(text), 'no es un texto');
  }
  const fail = (reason: string): never => {
    throw new MoneyParseError(text, reason);
  };

  let s = text.replace(ZERO_WIDTH, '').replace(/\s+/g, ' ').replace(APOSTROPHES, "'").trim();
  if (s === '') fail('está vacío');

  // Leading tokens, in any order: "(", a minus sign, the currency.
  let open = false;
  let minus = false;
  let currency = false;
  for (;;) {
    s = s.trimStart();
    const first = s.charAt(0);
    if (first === '(') {
      if (open) fail('tiene dos paréntesis de apertura');
      open = true;
      s = s.slice(1);
    } else if (MINUS_SIGNS.test(first)) {
      if (minus) fail('tiene el signo menos dos veces');
      minus = true;
      s = s.slice(1);
    } else if (CURRENCY_PREFIX.test(s)) {
      if (currency) fail('indica la moneda dos veces');
      currency = true;
      s = s.replace(CURRENCY_PREFIX, '');
    } else {
      break;
    }
  }

  // Trailing tokens, in any order: ")", "millones".
  let close = false;
  let millions = false;
  for (;;) {
    s = s.trimEnd();
    if (s.endsWith(')')) {
      if (close) fail('tiene dos paréntesis de cierre');
      close = true;
      s = s.slice(0, -1);
    } else if (MILLIONS_SUFFIX.test(s)) {
      if (millions) fail('indica "millones" dos veces');
      millions = true;
      s = s.replace(MILLIONS_SUFFIX, '');
    } else {
      break;
    }
  }

  if (open && !close) fail('abre un paréntesis que no cierra');
  if (close && !open) fail('cierra un paréntesis que no abrió');
  if (open && minus) {
    fail('indica el signo negativo dos veces, con "-" y con paréntesis; use solo uno de los dos');
  }

  const core = s.trim();
  if (core === '') fail('no contiene ninguna cifra');
  if (/^[+-]?(?:nan|inf|infinity|infinito)$/i.test(core)) {
    fail('no es un número');
  }
  if (/\d\s?e\s?[+-]?\s?\d/i.test(core)) {
    fail('usa notación exponencial (como 1e5); escriba el importe completo');
  }
  if (!/\d/.test(core)) fail('no contiene ninguna cifra');
  if (MINUS_SIGNS.test(core)) fail('el signo menos debe ir delante del importe');
  if (/[()]/.test(core)) fail('tiene paréntesis en un lugar no válido');
  const invalid = /[^0-9.,' ]/.exec(core);
  if (invalid) fail(`contiene un carácter no válido: "${invalid[0]}"`);

  // Alternating digit groups and separators: groups[i] sep[i] groups[i+1] ...
  const parts = core.split(/([.,' ])/);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const seps = parts.filter((_, i) => i % 2 === 1);
  const lastGroup = groups[groups.length - 1] ?? '';
  if (lastGroup === '') fail('termina en un separador');
  for (let i = 1; i < groups.length - 1; i++) {
    if (groups[i] === '') fail('tiene dos separadores seguidos');
  }

  // Which separator (if any) is the decimal one: an index into seps, or -1.
  const dots = seps.filter((c) => c === '.').length;
  const commas = seps.filter((c) => c === ',').length;
  let decimalAt = -1;
  if (dots > 0 && commas > 0) {
    const last = Math.max(seps.lastIndexOf('.'), seps.lastIndexOf(','));
    const mark = seps[last] as string;
    if ((mark === '.' ? dots : commas) > 1) {
      fail(
        `usa "." y "," y el último, "${mark}", sería el separador decimal, pero aparece más de una vez`,
      );
    }
    if (last !== seps.length - 1) fail('tiene separadores después de los decimales');
    decimalAt = last;
  } else if (dots + commas === 1) {
    const mark = dots === 1 ? '.' : ',';
    const at = seps.indexOf(mark);
    if (at === seps.length - 1) {
      const before = groups.slice(0, at + 1).join('');
      const after = groups[at + 1] ?? '';
      // "0.125" or ".125" cannot be a thousands grouping: that is a decimal with three places.
      const couldBeThousands = /^[1-9]/.test(groups[0] ?? '');
      if (after.length === 3 && couldBeThousands) {
        fail(
          `ambiguo, el "${mark}" seguido de exactamente tres cifras puede separar miles ` +
            `(${before}${after}) o decimales (${before || '0'} y ${after} milésimas); ` +
            `escriba los céntimos, por ejemplo "${core}${mark === '.' ? ',00' : '.00'}"`,
        );
      }
      decimalAt = at;
    }
    // Otherwise other separators follow it, so it can only separate thousands.
  }
  // Several "." (or several ",") alone: thousands separators, no decimals.

  const integerGroups = groups.slice(0, decimalAt === -1 ? groups.length : decimalAt + 1);
  const fraction = decimalAt === -1 ? '' : (groups[decimalAt + 1] ?? '');
  if (integerGroups[0] === '' && integerGroups.length > 1) fail('empieza con un separador');
  if (integerGroups.length > 1) {
    const [firstGroup = '', ...rest] = integerGroups;
    if (firstGroup.length < 1 || firstGroup.length > 3 || rest.some((g) => g.length !== 3)) {
      const repeated =
        decimalAt === -1 && (dots > 1 || commas > 1)
          ? `el "${dots > 1 ? '.' : ','}" aparece varias veces, así que no puede ser decimal; `
          : '';
      fail(
        `${repeated}agrupación de miles incorrecta (${integerGroups.join(' ')}): ` +
          'el primer grupo debe tener de una a tres cifras y los demás exactamente tres',
      );
    }
  }
  if (!millions && fraction.length > 2) {
    fail(`tiene más de dos decimales (${fraction.length}); un importe en soles llega al céntimo`);
  }

  const integer = integerGroups.join('') || '0';
  let amount = new D(fraction === '' ? integer : `${integer}.${fraction}`);
  if (millions) {
    amount = new Exact(amount).times(1_000_000);
    if (amount.decimalPlaces() > 2) {
      fail('en millones tiene demasiados decimales: el importe no queda exacto al céntimo');
    }
  }
  if (amount.greaterThan(MAX_AMOUNT)) {
    fail('supera el máximo admitido de 999,999,999,999.99');
  }
  return canonical(minus || open ? amount.negated() : amount);
}

// ---------------------------------------------------------------------------------------------
// Display

/** Canonical (or any plain decimal string) -> "S/ 207,771,443.11"; negatives "-S/ 1,234.56". */
export function formatMoney(amount: string): string {
  const text = roundToCents(amount);
  return text.startsWith('-') ? `-S/ ${groupThousands(text.slice(1))}` : `S/ ${groupThousands(text)}`;
}

/** Like formatMoney without the currency: "207,771,443.11", "-1,234.56". */
export function formatAmount(amount: string): string {
  return groupThousands(roundToCents(amount));
}

// ---------------------------------------------------------------------------------------------
// Rounding boundaries

/**
 * Rounds half up to the cent and returns the canonical string. Accepts decimal.js instances
 * (of any clone), plain decimal strings, bigints and safe integers; a fractional JS number is
 * refused because it cannot carry money exactly.
 */
export function toMoney(value: Decimal.Value): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(
        `toMoney: ${value} es un número de JavaScript con decimales; pase el importe como texto`,
      );
    }
    return canonical(new D(value));
  }
  if (typeof value === 'string') return canonical(decimalFromString(value, 'toMoney'));
  if (typeof value === 'bigint') return canonical(new D(value.toString()));
  if (!Decimal.isDecimal(value) || !value.isFinite()) {
    throw new RangeError(`toMoney: ${String(value)} no es un importe finito`);
  }
  return canonical(new D(value));
}

/** The named rounding boundary: half up (away from zero on .5) to the cent, canonical output. */
export function roundToCents(value: string): string {
  return canonical(decimalFromString(value, 'roundToCents'));
}

/** quantity × unitPrice computed exactly, then rounded half up to the cent (a purchase line). */
export function lineAmount(quantity: string, unitPrice: string): string {
  const q = new Exact(decimalFromString(quantity, 'lineAmount (cantidad)'));
  const p = new Exact(decimalFromString(unitPrice, 'lineAmount (precio unitario)'));
  return canonical(q.times(p));
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic (inputs with at most two decimals; outputs canonical)

export function addMoney(...amounts: string[]): string {
  return sumMoney(amounts);
}

export function sumMoney(amounts: Iterable<string>): string {
  let total = 0n;
  for (const amount of amounts) total += centsOf(amount, 'sumMoney');
  return centsToMoney(total);
}

export function subtractMoney(a: string, b: string): string {
  return centsToMoney(centsOf(a, 'subtractMoney') - centsOf(b, 'subtractMoney'));
}

/** Compares two plain decimal strings exactly. */
export function compareMoney(a: string, b: string): -1 | 0 | 1 {
  const c = decimalFromString(a, 'compareMoney').comparedTo(decimalFromString(b, 'compareMoney'));
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

export function isZeroMoney(a: string): boolean {
  return decimalFromString(a, 'isZeroMoney').isZero();
}

export function isCanonicalMoney(text: string): boolean {
  return typeof text === 'string' && CANONICAL.test(text) && text !== '-0.00';
}

// ---------------------------------------------------------------------------------------------
// Allocation

/**
 * Splits `total` into parts proportional to `weights`, each to the cent, so that the parts add
 * up exactly to the total (largest remainder; ties go to the earlier index). Each part is within
 * one cent of its exact share; a zero weight always gets "0.00". A negative total gives the
 * mirror image of the positive split.
 */
export function allocate(total: string, weights: readonly string[]): string[] {
  const m = typeof total === 'string' ? MONEY_INPUT.exec(total) : null;
  if (!m) {
    throw new AllocationError(
      `allocate: el total ${describe(total)} no es un importe con a lo sumo dos decimales`,
    );
  }
  if (weights.length === 0) throw new AllocationError('allocate: no hay pesos para repartir');

  const parsed = weights.map((w, i) => {
    if (typeof w !== 'string' || !PLAIN_DECIMAL.test(w)) {
      throw new AllocationError(`allocate: el peso ${i} (${describe(w)}) no es un número decimal`);
    }
    const d = new D(w);
    if (d.isNegative() && !d.isZero()) {
      throw new AllocationError(`allocate: el peso ${i} (${w}) es negativo`);
    }
    return d;
  });

  // Scale every weight to an integer with a common power of ten, so shares are exact rationals.
  const scale = parsed.reduce((max, d) => Math.max(max, d.decimalPlaces()), 0);
  const factor = new Exact(10).pow(scale);
  const ints = parsed.map((d) => BigInt(new Exact(d).abs().times(factor).toFixed(0)));
  const weightSum = ints.reduce((a, b) => a + b, 0n);
  if (weightSum === 0n) throw new AllocationError('allocate: todos los pesos son cero');

  const cents = centsOf(total, 'allocate');
  const negative = cents < 0n;
  const magnitude = negative ? -cents : cents;

  const floors = ints.map((w) => (magnitude * w) / weightSum);
  const remainders = ints.map((w) => (magnitude * w) % weightSum);
  let leftover = magnitude - floors.reduce((a, b) => a + b, 0n);

  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((x, y) => (x.r > y.r ? -1 : x.r < y.r ? 1 : x.i - y.i));
  for (const { i } of order) {
    if (leftover === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    leftover -= 1n;
  }

  return floors.map((c) => centsToMoney(negative ? -c : c));
}
