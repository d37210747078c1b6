import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceLine } from '../../db/seed/price-line.ts';
import { lineAmount } from '../../shared/money.ts';

const centsToMoney = (cents: bigint) => `${cents / 100n}.${(cents % 100n).toString().padStart(2, '0')}`;

describe('priceLine', () => {
  it('when pricing a large line of cheap tablets, then quantity × price rounds to the amount', () => {
    const { quantity, unitPrice } = priceLine(123456789n, 500n);
    expect(lineAmount(quantity, unitPrice)).toBe('1234567.89');
    expect(unitPrice).toMatch(/^\d+\.\d{4}$/);
  });

  it('when pricing any amount at any target price, then the line always rounds to the amount', () => {
    fc.assert(
      fc.property(fc.bigInt(1n, 50_000_000_000n), fc.bigInt(1n, 100_000_000n), (cents, target) => {
        const { quantity, unitPrice } = priceLine(cents, target);
        expect(lineAmount(quantity, unitPrice)).toBe(centsToMoney(cents));
        expect(BigInt(quantity)).toBeGreaterThanOrEqual(1n);
      }),
      { numRuns: 300 },
    );
  });

  it('when the amount is not positive, then it refuses', () => {
    expect(() => priceLine(0n, 100n)).toThrow(RangeError);
  });
});
