import { describe, expect, it } from 'vitest';
import { canMoveProcess, isValidRuc, lineMismatch, processStatuses, rucProblem, saving } from '../../shared/procurement.ts';

describe('rucProblem', () => {
  it('when the RUC is EsSalud’s or MINSA’s, then it is valid', () => {
    expect(rucProblem('20131257750')).toBeNull();
    expect(rucProblem('20131373237')).toBeNull();
    expect(isValidRuc('20131257750')).toBe(true);
  });

  it('when the check digit is wrong, then it says so', () => {
    expect(rucProblem('20131257751')).toBe('El dígito verificador del RUC no corresponde');
    expect(rucProblem('20131373230')).toBe('El dígito verificador del RUC no corresponde');
  });

  it('when the RUC has 10 or 12 digits, then it says it has 11', () => {
    expect(rucProblem('2013125775')).toBe('El RUC tiene 11 dígitos, no 10');
    expect(rucProblem('201312577500')).toBe('El RUC tiene 11 dígitos, no 12');
  });

  it('when the RUC has letters, spaces or nothing, then it says only digits', () => {
    expect(rucProblem('2013125775O')).toBe('El RUC solo lleva dígitos');
    expect(rucProblem('20131 57750')).toBe('El RUC solo lleva dígitos');
    expect(rucProblem('')).toBe('El RUC solo lleva dígitos');
  });

  it('when the RUC starts with a prefix SUNAT does not issue, then it says which it does', () => {
    expect(rucProblem('30131257750')).toBe('El RUC empieza por 10, 15, 16, 17 o 20');
  });

  it('when the check sum leaves 10 or 11, then the check digit is 0 or 1', () => {
    // Weighted sums of the first ten digits: 20000000010 → 5·2 + 2·1 = 12 → 11 − 1 = 10 → 0.
    expect(rucProblem('20000000010')).toBeNull();
    // 20000000000 → 10 → 11 − 10 = 1.
    expect(rucProblem('20000000001')).toBeNull();
  });
});

describe('saving', () => {
  it('when LP SIP 018-2011 is measured, then it saved S/ 39,179,114.20, 17.46 %', () => {
    expect(saving('224345366.26', '185166252.06')).toEqual({ saving: '39179114.20', percent: '17.46' });
  });

  it('when the percent falls on a half, then it rounds half up (away from zero)', () => {
    // 1.00 of 800.00 is 0.125 %; 1.00 of 2000.00 is 0.05 %; 3 of 400 is 0.75 %.
    expect(saving('800.00', '799.00')).toEqual({ saving: '1.00', percent: '0.13' });
    expect(saving('2000.00', '1999.00')).toEqual({ saving: '1.00', percent: '0.05' });
    expect(saving('800.00', '801.00')).toEqual({ saving: '-1.00', percent: '-0.13' });
    expect(saving('1001.00', '877.40')).toEqual({ saving: '123.60', percent: '12.35' });
  });

  it('when the award is above the reference, then the saving is negative, reported as it is', () => {
    expect(saving('50.00', '55.00')).toEqual({ saving: '-5.00', percent: '-10.00' });
  });

  it('when the reference is zero, then there is no percent; when nothing was saved, 0.00', () => {
    expect(saving('0.00', '0.00')).toEqual({ saving: '0.00', percent: null });
    expect(saving('10.00', '10.00')).toEqual({ saving: '0.00', percent: '0.00' });
    expect(saving('100000.00', '99999.99')).toEqual({ saving: '0.01', percent: '0.00' });
  });
});

describe('process transitions and line kinds', () => {
  it('when a process ends (contratado, desierto, nulo), then it moves nowhere; nulo is reachable before the contract', () => {
    for (const status of ['contratado', 'desierto', 'nulo'] as const) {
      expect(processStatuses.filter((to) => canMoveProcess(status, to))).toEqual([]);
    }
    expect(processStatuses.filter((from) => canMoveProcess(from, 'nulo'))).toEqual(['programado', 'convocado', 'adjudicado', 'consentido']);
    expect(canMoveProcess('programado', 'adjudicado')).toBe(false);
  });

  it('when a line differs from its process, then the first field in reading order is named', () => {
    const process = { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' } as const;
    expect(lineMismatch(process, { channel: 'essalud', segment: null, process: 'conventional' })).toBe('channel');
    expect(lineMismatch(process, { channel: 'minsa_corporate', segment: 'oncology', process: 'conventional' })).toBe('segment');
    expect(lineMismatch(process, { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional' })).toBe('type');
    expect(lineMismatch(process, { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' })).toBeNull();
  });
});
