// A process as an OCDS release (pure mapping), and the JSON writer that keeps decimals exact.
import { describe, expect, it } from 'vitest';
import { processStatuses, type ProcessStatus } from '../../shared/procurement.ts';
import { RawNumber, writeJson } from '../../server/features/ocds/ocds-json.ts';
import {
  limaInstant,
  packageFrame,
  procurementMethods,
  processRelease,
  releaseJson,
  releaseTags,
  tenderStatuses,
  type OcdsLineInput,
  type OcdsProcessInput,
} from '../../server/features/ocds/ocds-release.ts';
import { packageFilename } from '../../server/features/ocds/ocds.service.ts';
import { codelist, ocdsValidator, seaceExampleRelease } from '../support/ocds-validator.ts';

const validator = ocdsValidator();
const PREFIX = 'ocds-prueba-';

const line = (lineId: number, overrides: Partial<OcdsLineInput> = {}): OcdsLineInput => ({
  lineId,
  item: { code: `0101500${lineId}`, name: `Paracetamol ${lineId} 500 mg Tableta`, dosageForm: 'Tableta' },
  quantity: '1200.0000',
  referenceUnitPrice: '0.4500',
  referenceAmount: '540.00',
  supplier: null,
  awardedUnitPrice: null,
  awardedQuantity: null,
  awardedAmount: null,
  ...overrides,
});

const award = (ruc: string, name: string, unitPrice: string, amount: string): Partial<OcdsLineInput> => ({
  supplier: { ruc, name },
  awardedUnitPrice: unitPrice,
  awardedQuantity: '1200.0000',
  awardedAmount: amount,
});

const SUPPLIER_A = { ruc: '20100130204', name: 'Droguería Uno S.A.C.' };
const SUPPLIER_B = { ruc: '20331061655', name: 'Laboratorios Dos S.A.' };

function processInput(status: ProcessStatus, overrides: Partial<OcdsProcessInput> = {}): OcdsProcessInput {
  const awarded = ['adjudicado', 'consentido', 'contratado', 'nulo'].includes(status);
  return {
    id: 7,
    code: 'LP SIP 018-2011-DARES/MINSA',
    title: 'Adquisición de medicamentos para 2012',
    channel: 'minsa_corporate',
    segment: 'medicines',
    type: 'reverse_auction',
    status,
    calledOn: status === 'programado' ? null : '2011-08-01',
    awardedOn: awarded ? '2011-10-14' : null,
    contractedOn: status === 'contratado' ? '2011-11-30' : null,
    changedAt: new Date('2011-11-30T15:04:05Z'),
    lines: [
      line(1, awarded ? award(SUPPLIER_A.ruc, SUPPLIER_A.name, '0.4000', '480.00') : {}),
      line(2, awarded ? award(SUPPLIER_B.ruc, SUPPLIER_B.name, '0.4100', '492.00') : {}),
      line(3, { referenceAmount: '91960944.11', quantity: '204357653.5800', referenceUnitPrice: '0.4500', ...(awarded ? award(SUPPLIER_A.ruc, SUPPLIER_A.name, '0.3333', '68243.45') : {}) }),
    ],
    ...overrides,
  };
}

describe('writing OCDS JSON', () => {
  it('when data has no raw numbers, then it is written as JSON.stringify writes it', () => {
    const data = { a: 'ñandú "comillas" \\ \n', b: [1, -2.5, true, null, { c: undefined, d: 'x' }], e: undefined, f: {} };
    expect(writeJson(data)).toBe(JSON.stringify(data));
  });

  it('when an amount is a raw number, then its decimal text is written exactly, never through a double', () => {
    const text = writeJson({ amount: new RawNumber('91960944.11'), long: new RawNumber('12345678901234.5678'), kept: new RawNumber('1234.5000') });
    expect(text).toBe('{"amount":91960944.11,"long":12345678901234.5678,"kept":1234.5000}');
    // Through a double, the second would lose its last digits and the third its scale.
    expect(JSON.stringify({ long: Number('12345678901234.5678'), kept: Number('1234.5000') })).toBe('{"long":12345678901234.568,"kept":1234.5}');
  });

  it('when a raw number is not a JSON number, then it is refused', () => {
    for (const text of ['1e5', 'NaN', '1,5', '.5', '01', '', ' 1', 'Infinity']) expect(() => new RawNumber(text), text).toThrow();
  });
});

describe('a process as an OCDS release', () => {
  it.each(processStatuses)('when the process is %s, then its release validates and its codes come from the codelists', (status) => {
    const release = processRelease(processInput(status), PREFIX);
    expect(validator.releaseErrors(JSON.parse(writeJson(release)))).toEqual([]);
    const tender = release.tender as Record<string, string>;
    expect([...(release.tag as string[])].every((tag) => codelist('releaseTag').has(tag))).toBe(true);
    expect(codelist('tenderStatus').has(tender.status!)).toBe(true);
    expect(codelist('method').has(tender.procurementMethod!)).toBe(true);
    expect(codelist('initiationType').has(release.initiationType as string)).toBe(true);
    expect(codelist('procurementCategory').has(tender.mainProcurementCategory!)).toBe(true);
    for (const party of release.parties as { roles: string[] }[]) for (const role of party.roles) expect(codelist('partyRole').has(role)).toBe(true);
    for (const award of (release.awards ?? []) as { status: string }[]) expect(codelist('awardStatus').has(award.status)).toBe(true);
    for (const contract of (release.contracts ?? []) as { status: string }[]) expect(codelist('contractStatus').has(contract.status)).toBe(true);
  });

  it('when statuses are mapped, then each follows the OCDS meaning of the stage', () => {
    expect(tenderStatuses).toEqual({
      programado: 'planned', convocado: 'active', adjudicado: 'complete', consentido: 'complete', contratado: 'complete', desierto: 'unsuccessful', nulo: 'cancelled',
    });
    expect(releaseTags).toMatchObject({ programado: 'planning', convocado: 'tender', adjudicado: 'award', contratado: 'contract', nulo: 'tenderCancellation' });
    expect(procurementMethods).toEqual({ reverse_auction: 'open', conventional: 'open', unscheduled: 'limited' });
  });

  it('when a MINSA corporate process is contracted, then EsSalud buys, MINSA procures, and each supplier has one award and one contract with exact sums', () => {
    const release = processRelease(processInput('contratado'), PREFIX);
    expect(release).toMatchObject({ ocid: 'ocds-prueba-7', tag: ['contract'], initiationType: 'tender', language: 'es', date: '2011-11-30T10:04:05-05:00' });
    expect(release.buyer).toEqual({ id: 'PE-RUC-20131257750', name: 'Seguro Social de Salud - EsSalud' });
    expect(release.parties).toEqual([
      { id: 'PE-RUC-20131257750', name: 'Seguro Social de Salud - EsSalud', identifier: { scheme: 'PE-RUC', id: '20131257750', legalName: 'Seguro Social de Salud - EsSalud' }, roles: ['buyer'] },
      { id: 'PE-RUC-20131373237', name: 'Ministerio de Salud - MINSA', identifier: { scheme: 'PE-RUC', id: '20131373237', legalName: 'Ministerio de Salud - MINSA' }, roles: ['procuringEntity'] },
      { id: `PE-RUC-${SUPPLIER_A.ruc}`, name: SUPPLIER_A.name, identifier: { scheme: 'PE-RUC', id: SUPPLIER_A.ruc, legalName: SUPPLIER_A.name }, roles: ['tenderer', 'supplier'] },
      { id: `PE-RUC-${SUPPLIER_B.ruc}`, name: SUPPLIER_B.name, identifier: { scheme: 'PE-RUC', id: SUPPLIER_B.ruc, legalName: SUPPLIER_B.name }, roles: ['tenderer', 'supplier'] },
    ]);
    const text = writeJson(release);
    // The tender's value is the exact sum of the references; each award the exact sum of its lines.
    expect(text).toContain('"value":{"amount":91962024.11,"currency":"PEN"}');
    const awards = release.awards as { id: string; status: string; suppliers: unknown[]; items: { id: string }[] }[];
    expect(awards.map((a) => [a.id, a.status, a.items.map((i) => i.id)])).toEqual([
      [`7-${SUPPLIER_A.ruc}`, 'active', ['1', '3']],
      [`7-${SUPPLIER_B.ruc}`, 'active', ['2']],
    ]);
    expect(text).toContain(`"value":{"amount":68723.45,"currency":"PEN"},"suppliers":[{"id":"PE-RUC-${SUPPLIER_A.ruc}"`);
    expect(release.contracts).toEqual([
      { id: `7-${SUPPLIER_A.ruc}-contrato`, awardID: `7-${SUPPLIER_A.ruc}`, status: 'active', value: expect.anything(), dateSigned: '2011-11-30T00:00:00-05:00' },
      { id: `7-${SUPPLIER_B.ruc}-contrato`, awardID: `7-${SUPPLIER_B.ruc}`, status: 'active', value: expect.anything(), dateSigned: '2011-11-30T00:00:00-05:00' },
    ]);
    // Items: the formulary code as classification, the dosage form as unit, the unit price as its value.
    expect(text).toContain(
      '{"id":"3","description":"Paracetamol 3 500 mg Tableta","classification":{"scheme":"x_ESSALUD-PETITORIO","id":"01015003","description":"Paracetamol 3 500 mg Tableta"},"quantity":204357653.5800,"unit":{"name":"Tableta","value":{"amount":0.4500,"currency":"PEN"}}}',
    );
    expect(release.tender).toMatchObject({
      id: 'LP SIP 018-2011-DARES/MINSA',
      title: 'Adquisición de medicamentos para 2012',
      status: 'complete',
      procuringEntity: { id: 'PE-RUC-20131373237' },
      procurementMethod: 'open',
      procurementMethodDetails: 'Subasta inversa',
      mainProcurementCategory: 'goods',
      tenderPeriod: { startDate: '2011-08-01T00:00:00-05:00' },
    });
  });

  it("when an EsSalud process is only planned, then EsSalud is buyer and procuring entity, and nothing is awarded", () => {
    const release = processRelease(processInput('programado', { channel: 'essalud', segment: null, type: 'unscheduled' }), PREFIX);
    expect(release.parties).toEqual([expect.objectContaining({ id: 'PE-RUC-20131257750', roles: ['buyer', 'procuringEntity'] })]);
    expect(release).not.toHaveProperty('awards');
    expect(release).not.toHaveProperty('contracts');
    expect(release.tender).toMatchObject({ status: 'planned', procurementMethod: 'limited', procurementMethodDetails: 'Compra no programada' });
    expect(release.tender).not.toHaveProperty('tenderPeriod');
  });

  it('when a process is annulled after its award, then its awards stay, cancelled, and their suppliers are tenderers only', () => {
    const release = processRelease(processInput('nulo'), PREFIX);
    expect((release.awards as { status: string }[]).map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    expect((release.parties as { roles: string[] }[]).slice(2).map((p) => p.roles)).toEqual([['tenderer'], ['tenderer']]);
    expect(release.tag).toEqual(['tenderCancellation']);
  });

  it('when lines have no prices, then the tender has no value and its items no unit value', () => {
    const release = processRelease(processInput('convocado', { lines: [line(9, { quantity: null, referenceUnitPrice: null, referenceAmount: null })] }), PREFIX);
    expect(release.tender).not.toHaveProperty('value');
    expect((release.tender as { items: unknown[] }).items).toEqual([
      { id: '9', description: 'Paracetamol 9 500 mg Tableta', classification: expect.anything(), unit: { name: 'Tableta' } },
    ]);
    expect(validator.releaseErrors(JSON.parse(writeJson(release)))).toEqual([]);
  });

  it('when the same process is mapped twice, then the release id is the same; when it changes, the id changes', () => {
    const first = processRelease(processInput('adjudicado'), PREFIX);
    expect(processRelease(processInput('adjudicado'), PREFIX).id).toBe(first.id);
    expect(first.id).toMatch(/^ocds-prueba-7-[0-9a-f]{16}$/);
    expect(processRelease(processInput('adjudicado', { title: 'Otro título' }), PREFIX).id).not.toBe(first.id);
  });

  it('when a release is written as the export writes it, then it is the release object written as JSON', () => {
    for (const status of processStatuses) expect(releaseJson(processInput(status), PREFIX)).toBe(writeJson(processRelease(processInput(status), PREFIX)));
  });
});

describe('the validator setup', () => {
  it("when Peru's registry's own example release (SEACE) is validated the same way, then it passes, and a broken copy does not", () => {
    const seace = seaceExampleRelease();
    expect(validator.releaseErrors(seace)).toEqual([]);
    const pkg = { uri: 'https://contratacionesabiertas.oece.gob.pe/', version: '1.1', publishedDate: '2026-02-19T10:06:27-05:00', publisher: { name: 'OECE' }, releases: [seace] };
    expect(validator.packageErrors(pkg)).toEqual([]);
    expect(validator.releaseErrors({ ...seace, tag: ['adjudicado'], date: '19/02/2026' })).toEqual([
      '/date must match format "date-time"',
      '/tag/0 must be equal to one of the allowed values',
    ]);
    expect(validator.packageErrors({ ...pkg, releases: [] })).toEqual(['/releases must NOT have fewer than 1 items']);
  });
});

describe('the package around the releases', () => {
  it('when the frame is filled with releases, then the package validates', () => {
    const { head, tail } = packageFrame({ uri: 'http://localhost:3000/api/programmes/1/ocds', publishedDate: new Date('2026-12-04T17:00:00Z') });
    const releases = (['programado', 'contratado'] as const).map((status, i) => writeJson(processRelease(processInput(status, { id: i + 1 }), PREFIX)));
    const parsed = JSON.parse(head + releases.join(',') + tail);
    expect(parsed).toMatchObject({ version: '1.1', publishedDate: '2026-12-04T12:00:00-05:00', publisher: { name: 'Seguro Social de Salud - EsSalud', scheme: 'PE-RUC', uid: '20131257750' } });
    expect(validator.packageErrors(parsed)).toEqual([]);
  });

  it('when instants and names are written, then Lima time and an ASCII file name come out', () => {
    expect(limaInstant(new Date('2012-01-01T03:30:00Z'))).toBe('2011-12-31T22:30:00-05:00');
    expect(packageFilename({ id: 3, name: 'Compra 2012 — Oncológicos (año fiscal)' })).toBe('ocds-programa-3-compra-2012-oncologicos-ano-fiscal.json');
    expect(packageFilename({ id: 4, name: '¡¿?!' })).toBe('ocds-programa-4.json');
  });
});
