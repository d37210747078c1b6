import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  allocate,
  compareMoney,
  formatAmount,
  formatMoney,
  isCanonicalMoney,
  parseMoney,
  roundToCents,
  subtractMoney,
  sumMoney,
} from '../../shared/money.ts';

// Everything here is built from bigints; no amount ever goes through a JS float.

const MAX_CENTS = 99_999_999_999_999n; // 999,999,999,999.99

/** Canonical money string of integer cents, built independently of shared/money.ts. */
function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${whole.toString()}.${fraction}`;
}

function toCents(money: string): bigint {
  const negative = money.startsWith('-');
  const [whole = '0', fraction = '00'] = money.replace('-', '').split('.');
  const cents = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return negative ? -cents : cents;
}

/** "1,234.56" -> "1.234,56" */
function european(text: string): string {
  return text.replace(/[.,]/g, (c) => (c === '.' ? ',' : '.'));
}

const cents = fc.bigInt({ min: -MAX_CENTS, max: MAX_CENTS });
const amount = cents.map(fromCents);

/** A non-negative decimal string with 0–4 decimals, as its integer numerator over 10^4. */
const weight = fc
  .tuple(fc.bigInt({ min: 0n, max: 10_000_000n }), fc.integer({ min: 0, max: 4 }))
  .map(([numerator, scale]) => {
    const digits = numerator.toString().padStart(scale + 1, '0');
    const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
    return { text, scaled: numerator * 10n ** BigInt(4 - scale) };
  });

describe('money properties', () => {
  it('when an amount is generated from cents, then it is canonical and rounding keeps it', () => {
    fc.assert(
      fc.property(amount, (x) => {
        expect(isCanonicalMoney(x)).toBe(true);
        expect(roundToCents(x)).toBe(x);
      }),
    );
  });

  it('when a canonical amount is formatted with formatMoney, then parseMoney reads it back', () => {
    fc.assert(
      fc.property(amount, (x) => {
        expect(parseMoney(formatMoney(x))).toBe(x);
      }),
    );
  });

  it('when a canonical amount is formatted with formatAmount, then parseMoney reads it back', () => {
    fc.assert(
      fc.property(amount, (x) => {
        expect(parseMoney(formatAmount(x))).toBe(x);
      }),
    );
  });

  it('when the formatted amount uses european separators, then parseMoney reads it back', () => {
    fc.assert(
      fc.property(amount, (x) => {
        expect(parseMoney(european(formatAmount(x)))).toBe(x);
        expect(parseMoney(`S/. ${european(formatAmount(x))}`)).toBe(x);
      }),
    );
  });

  it('when a negative is written in parentheses with the report prefix, then it reads back', () => {
    fc.assert(
      fc.property(amount, (x) => {
        const shown = formatAmount(x);
        const text = shown.startsWith('-') ? `S/. (${shown.slice(1)})` : `S/.\u00a0${shown}`;
        expect(parseMoney(text)).toBe(x);
      }),
    );
  });

  it('when comparing and subtracting, then the results agree with bigint cents', () => {
    fc.assert(
      fc.property(cents, cents, (a, b) => {
        const expected = a < b ? -1 : a > b ? 1 : 0;
        expect(compareMoney(fromCents(a), fromCents(b))).toBe(expected);
        expect(subtractMoney(fromCents(a), fromCents(b))).toBe(fromCents(a - b));
      }),
    );
  });

  it('when rounding a value with up to six decimals, then it matches half up on bigints', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.integer({ min: 3, max: 6 }),
        (numerator, scale) => {
          const negative = numerator < 0n;
          const abs = negative ? -numerator : numerator;
          const digits = abs.toString().padStart(scale + 1, '0');
          const text = `${negative ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
          const unit = 10n ** BigInt(scale - 2);
          const roundedAbs = (abs + unit / 2n) / unit; // half up on the magnitude
          expect(roundToCents(text)).toBe(fromCents(negative ? -roundedAbs : roundedAbs));
        },
      ),
    );
  });

  it('when a total is allocated, then the parts add up to it and each is within a cent of its share', () => {
    fc.assert(
      fc.property(
        cents,
        fc.array(weight, { minLength: 1, maxLength: 20 }).filter((ws) => ws.some((w) => w.scaled > 0n)),
        (total, weights) => {
          const parts = allocate(fromCents(total), weights.map((w) => w.text));
          expect(parts).toHaveLength(weights.length);
          expect(sumMoney(parts)).toBe(fromCents(total));

          const weightSum = weights.reduce((s, w) => s + w.scaled, 0n);
          parts.forEach((part, i) => {
            expect(isCanonicalMoney(part)).toBe(true);
            const w = weights[i]!.scaled;
            // |part - total * w / W| < 1 cent  <=>  |part * W - total * w| < W
            const diff = toCents(part) * weightSum - total * w;
            expect(diff < 0n ? -diff : diff).toBeLessThan(weightSum);
            if (w === 0n) expect(part).toBe('0.00');
          });
        },
      ),
    );
  });

  it('when a negative total is allocated, then the parts mirror those of the positive total', () => {
    fc.assert(
      fc.property(
        cents,
        fc.array(weight, { minLength: 1, maxLength: 10 }).filter((ws) => ws.some((w) => w.scaled > 0n)),
        (total, weights) => {
          const texts = weights.map((w) => w.text);
          const positive = allocate(fromCents(total), texts);
          const negative = allocate(fromCents(-total), texts);
          expect(negative).toEqual(positive.map((p) => fromCents(-toCents(p))));
        },
      ),
    );
  });

  it('when summing 100,000 random cent amounts, then the total equals the bigint sum (no drift)', () => {
    fc.assert(
      fc.property(fc.array(cents, { minLength: 100_000, maxLength: 100_000 }), (list) => {
        const expected = list.reduce((s, c) => s + c, 0n);
        expect(sumMoney(list.map(fromCents))).toBe(fromCents(expected));
      }),
      { numRuns: 1, seed: 20240613, endOnFailure: true },
    );
  });
});
