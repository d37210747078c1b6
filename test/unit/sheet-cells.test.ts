// How a cell is written to and read back from CSV, and how messages quote it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, restoreNeutralisedCell } from '../../server/platform/http/csv.ts';
import { quoteValue } from '../../shared/import-columns.ts';

describe('neutralising formula-like cells', () => {
  it('when any text is neutralised and restored, then it comes back unchanged and the CSV cell never starts a formula', () => {
    const text = fc.string({ unit: fc.constantFrom("'", '=', '+', '-', '@', '\t', '\r', 'a', '1', ' ') });
    fc.assert(
      fc.property(text, (value) => {
        expect(restoreNeutralisedCell(neutraliseCell(value))).toBe(value);
        expect(neutraliseCell(value)).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});

describe('quoting a value', () => {
  it('when a value is longer than 40 characters, then only its first 40 are quoted, without splitting a character', () => {
    expect(quoteValue('Regional')).toBe('«Regional»');
    expect(quoteValue('x'.repeat(40))).toBe(`«${'x'.repeat(40)}»`);
    expect(quoteValue('x'.repeat(100_000))).toBe(`«${'x'.repeat(40)}…»`);
    expect(quoteValue('💊'.repeat(50))).toBe(`«${'💊'.repeat(40)}…»`);
  });
});
