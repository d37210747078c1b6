// The variance rules (shared/reconciliation.ts): exact differences, percents half up (away from
// zero) to two decimals, tolerance on both limits, and the words of a sign-off.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MoneyDecimal } from '../../shared/money.ts';
import { limaDateTime, signOffLockMessage, signOffScopeLabel, variance, variancePercent, withinTolerance } from '../../shared/reconciliation.ts';

describe('variance', () => {
  it.each([
    ['3.00', '4.00', '1.00', '33.33'],
    ['3.00', '5.00', '2.00', '66.67'],
    ['3.00', '1.00', '-2.00', '-66.67'],
    ['0.08', '0.09', '0.01', '12.50'],
    ['1000.00', '1000.05', '0.05', '0.01'],
    ['1000.00', '999.95', '-0.05', '-0.01'],
    ['1000.00', '1000.04', '0.04', '0.00'],
    ['207771443.11', '207771443.12', '0.01', '0.00'],
    ['0.00', '12.34', '12.34', null],
  ])('when %s was planned and %s executed, then the difference is %s and the percent %s', (planned, executed, difference, percent) => {
    expect(variance(planned, executed, { amount: '0.00', percent: '0' })).toEqual({ difference, percent, withinTolerance: difference === '0.00' });
  });

  it('when a difference is within the amount but not the percent, or the reverse, then it is outside; nothing planned checks the amount only', () => {
    const tolerance = { amount: '10.00', percent: '2.00' };
    expect(withinTolerance('10.00', '2.00', tolerance)).toBe(true);
    expect(withinTolerance('-10.00', '-2.00', tolerance)).toBe(true);
    expect(withinTolerance('10.01', '1.00', tolerance)).toBe(false);
    expect(withinTolerance('5.00', '2.01', tolerance)).toBe(false);
    expect(withinTolerance('10.00', null, tolerance)).toBe(true);
    expect(withinTolerance('10.01', null, tolerance)).toBe(false);
  });

  // The summary counts lines outside tolerance in SQL without division (reconciliation.repository.ts
  // withinToleranceSql): |d|·100 < (percent + 0.005)·planned must say what the rounded percent says.
  it('when the exact comparison the database makes is checked against the rounded percent, then they agree for any amounts', () => {
    const cents = fc.bigInt({ min: 0n, max: 10n ** 12n }).map((c) => new MoneyDecimal(c.toString()).dividedBy(100).toFixed(2));
    const percent = fc.integer({ min: 0, max: 10_000 }).map((p) => new MoneyDecimal(p).dividedBy(100).toFixed(2));
    fc.assert(
      fc.property(cents, cents, percent, (planned, executed, tolerancePercent) => {
        const tolerance = { amount: '999999999999.99', percent: tolerancePercent };
        const difference = new MoneyDecimal(executed).minus(planned);
        const exact = new MoneyDecimal(planned).isZero() || difference.abs().times(100).lessThan(new MoneyDecimal(tolerancePercent).plus('0.005').times(planned));
        expect(variance(planned, executed, tolerance).withinTolerance).toBe(exact);
      }),
      { numRuns: 2_000 },
    );
  });

  it('when nothing was planned, then there is no percent', () => {
    expect(variancePercent('0.00', '5.00')).toBeNull();
  });
});

describe('sign-off words', () => {
  it('when a sign-off is described, then it names its scope, number, signer and Lima time, and who may reopen it', () => {
    expect(signOffScopeLabel({ channel: 'minsa_corporate', segment: 'oncology', processType: 'reverse_auction', processCode: null })).toBe('Compra Corporativa MINSA · Oncológicos · Subasta inversa');
    expect(signOffScopeLabel({ channel: 'essalud', segment: null, processType: 'conventional', processCode: 'LP-017' })).toBe('Compra EsSalud · Proceso convencional · proceso LP-017');
    expect(limaDateTime('2026-12-04T20:10:00Z')).toBe('04/12/2026 15:10');
    expect(limaDateTime('2027-01-01T03:00:00Z')).toBe('31/12/2026 22:00');
    const message = signOffLockMessage({ id: 7, channel: 'essalud', segment: null, processType: 'conventional', processCode: null, signedBy: 'Ana Pérez', signedAt: '2026-12-04T20:10:00Z' });
    expect(message).toContain('N.º 7 (Compra EsSalud · Proceso convencional)');
    expect(message).toContain('Ana Pérez el 04/12/2026 15:10');
    expect(message).toContain('Un administrador debe reabrirla');
  });
});
