// The planning schemas the server parses with and the grid validates cells with: the same Spanish
// message on the same field, whichever side runs them.
import { describe, expect, it } from 'vitest';
import { bulkLinesSchema, linePatchSchema, mergedLineSchema, programmePatchSchema } from '../../shared/planning-schemas.ts';

const fieldsOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.success ? [] : result.error!.issues.map((issue) => issue.path.join('.'));

const line = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '10', unitPrice: '2.5' };

describe('a line as the grid edits it', () => {
  it('when every field is valid, then the merged line parses', () => {
    expect(mergedLineSchema.safeParse(line).success).toBe(true);
  });

  it.each([
    ['a MINSA line without segment', { segment: null }, 'segment'],
    ['an EsSalud line with a segment', { channel: 'essalud' }, 'segment'],
    ['a quantity without price', { unitPrice: null }, 'unitPrice'],
    ['a scheduled line without quantity and price', { quantity: null, unitPrice: null }, 'quantity'],
    ['a negative price', { unitPrice: '-1' }, 'unitPrice'],
    ['a quantity of zero', { quantity: '0' }, 'quantity'],
    ['five decimals', { quantity: '1.23456' }, 'quantity'],
    ['an amount beyond numeric(14,2)', { quantity: '9999999999', unitPrice: '9999999999' }, 'quantity'],
  ])('when the line has %s, then the error is on the field named', (_what, change, field) => {
    expect(fieldsOf(mergedLineSchema.safeParse({ ...line, ...change }))).toEqual([field]);
  });

  it('when an unscheduled line has neither quantity nor price, then it parses', () => {
    expect(mergedLineSchema.safeParse({ ...line, process: 'unscheduled', quantity: null, unitPrice: null }).success).toBe(true);
  });

  it('when a message is given, then it is in Spanish', () => {
    const result = mergedLineSchema.safeParse({ ...line, segment: null });
    expect(result.error?.issues[0]?.message).toMatch(/^La Compra Corporativa MINSA lleva segmento/);
  });
});

describe('patches and bulk requests', () => {
  it('when a patch carries only its version, then it is refused: there is no change', () => {
    expect(linePatchSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(programmePatchSchema.safeParse({ version: 3 }).success).toBe(false);
    expect(linePatchSchema.safeParse({ version: 3, quantity: '1' }).success).toBe(true);
  });

  it('when a patch has no version, then the error names version', () => {
    expect(fieldsOf(linePatchSchema.safeParse({ quantity: '1' }))).toContain('version');
  });

  it.each([
    ['neither ids nor filter', { set: { process: 'conventional' } }, 'lineIds'],
    ['both ids and a filter', { lineIds: [1], filter: {}, delete: true }, 'lineIds'],
    ['neither set nor delete', { lineIds: [1] }, 'set'],
    ['a move to MINSA without segment', { lineIds: [1], set: { channel: 'minsa_corporate' } }, 'set.segment'],
    ['a move to EsSalud with a segment', { lineIds: [1], set: { channel: 'essalud', segment: 'oncology' } }, 'set.segment'],
    ['an empty set', { lineIds: [1], set: {} }, 'set'],
  ])('when a bulk request has %s, then the error names %s', (_what, body, field) => {
    expect(fieldsOf(bulkLinesSchema.safeParse(body))).toContain(field);
  });
});
