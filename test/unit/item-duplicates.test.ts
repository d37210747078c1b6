import { describe, expect, it } from 'vitest';
import { codeKey, descriptionKey, duplicateReasons, possibleDuplicateMessage, textKey } from '../../shared/item-duplicates.ts';

const paracetamol = { code: '010100004', dci: 'Paracetamol', strength: '500 mg', dosageForm: 'Tableta' };

describe('possible duplicate items', () => {
  it('when a spreadsheet dropped the leading zeros or changed the case of a code, then it is the same code', () => {
    expect(codeKey('10100004')).toBe(codeKey('010100004'));
    expect(codeKey('0abc-1')).toBe(codeKey('ABC-1'));
    expect(codeKey('010100004')).not.toBe(codeKey('010100040'));
    // Zeros inside the code count.
    expect(codeKey('1010004')).not.toBe(codeKey('10100004'));
  });

  it('when DCI, strength and form differ only in case, accents or spaces, then the description is the same', () => {
    expect(textKey('Ácido  Fólico')).toBe(textKey('acido folico'));
    expect(textKey('500 mg')).toBe(textKey('500mg'));
    expect(textKey('500\u00a0MG')).toBe(textKey('500mg'));
    expect(textKey('Niño')).toBe('nino');
    expect(textKey('0.5 mg')).not.toBe(textKey('5 mg'));
    expect(descriptionKey({ dci: 'PARACETAMOL', strength: '500mg', dosageForm: 'tableta' })).toBe(descriptionKey(paracetamol));
    // The parts are compared one by one: words moving from one to the next make another medicine.
    expect(descriptionKey({ dci: 'Paracetamol 500', strength: 'mg', dosageForm: 'Tableta' })).not.toBe(descriptionKey(paracetamol));
  });

  it('when two items share the code without zeros or the description, then each reason is named; else none', () => {
    expect(duplicateReasons(paracetamol, { ...paracetamol, code: '10100004', dci: 'Ibuprofeno' })).toEqual(['code']);
    expect(duplicateReasons(paracetamol, { ...paracetamol, code: '010100099', strength: '500MG' })).toEqual(['description']);
    expect(duplicateReasons(paracetamol, { ...paracetamol, code: '10100004' })).toEqual(['code', 'description']);
    expect(duplicateReasons(paracetamol, { ...paracetamol, code: '010100099', strength: '1 g' })).toEqual([]);
  });

  it('when a possible duplicate is described, then the message names the item (or the row) and why, in Spanish', () => {
    const item = { code: '010100004', name: 'Paracetamol 500 mg Tableta' };
    expect(possibleDuplicateMessage(item, ['code'])).toBe(
      'Posible duplicado de 010100004 Paracetamol 500 mg Tableta (mismo código sin contar los ceros a la izquierda).',
    );
    expect(possibleDuplicateMessage({ ...item, row: 7 }, ['code', 'description'])).toBe(
      'Posible duplicado de la fila 7: 010100004 Paracetamol 500 mg Tableta (mismo código sin contar los ceros a la izquierda y misma denominación, concentración y forma farmacéutica).',
    );
  });
});
