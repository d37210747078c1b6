// Process rules per fiscal year (issue 12): admin writes them on a version; everyone signed in
// reads them and the flags a programme's lines and processes get (flags, never blocks).
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/auth.ts';
import type { ProcessRulesDto, RuleViolationsPage } from '../../shared/procurement-api.ts';
import { assignTestLines, createTestItem, createTestProcess, createTestProgramme, setTestProcessStatus } from '../support/factories.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let admin: TestAgent;
let logistics: TestAgent;
let viewer: TestAgent;

beforeAll(async () => {
  testApp = await startTestApp();
  admin = await signedIn(testApp, 'admin');
  logistics = await signedIn(testApp, 'logistics');
  viewer = await signedIn(testApp, 'viewer');
});
afterAll(() => testApp.close());

const fieldsOf = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((error) => error.field);
const rulesOf = async (fiscalYear: number) => (await viewer.get(`/api/process-rules/${fiscalYear}`).expect(200)).body as ProcessRulesDto;
const violationsOf = async (programmeId: number, query = '') =>
  (await viewer.get(`/api/programmes/${programmeId}/rule-violations${query}`).expect(200)).body as RuleViolationsPage;

describe('process rules of a fiscal year', () => {
  it('when a year has no rules of its own, then anyone signed in reads the defaults with version null', async () => {
    expect(await rulesOf(2030)).toEqual({ fiscalYear: 2030, commonGoodsByReverseAuction: false, thresholds: [], version: null });
  });

  it('when an administrator puts rules without a version, then 201 creates them, they read back in the order of types, and the creation is audited', async () => {
    const created = await admin
      .put('/api/process-rules/2031')
      .send({
        commonGoodsByReverseAuction: true,
        thresholds: [
          { type: 'conventional', minValue: '400000.00', maxValue: null },
          { type: 'reverse_auction', minValue: null, maxValue: '1234567.5' },
        ],
      })
      .expect(201);
    const expected: ProcessRulesDto = {
      fiscalYear: 2031,
      commonGoodsByReverseAuction: true,
      thresholds: [
        { type: 'reverse_auction', minValue: null, maxValue: '1234567.50' },
        { type: 'conventional', minValue: '400000.00', maxValue: null },
      ],
      version: 1,
    };
    expect(created.body).toEqual(expected);
    expect(await rulesOf(2031)).toEqual(expected);
    const audit = (await admin.get('/api/audit?entity=process_rules&entityId=2031').expect(200)).body as AuditPage;
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ action: 'create', after: expected });
  });

  it('when an administrator puts rules with the version read, then they are replaced, the version moves on and the change is audited', async () => {
    const first = (await admin.put('/api/process-rules/2032').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(201)).body as ProcessRulesDto;
    const replaced = (
      await admin
        .put('/api/process-rules/2032')
        .send({ version: first.version, commonGoodsByReverseAuction: false, thresholds: [{ type: 'unscheduled', minValue: '0', maxValue: '50000' }] })
        .expect(200)
    ).body as ProcessRulesDto;
    expect(replaced).toEqual({
      fiscalYear: 2032,
      commonGoodsByReverseAuction: false,
      thresholds: [{ type: 'unscheduled', minValue: '0.00', maxValue: '50000.00' }],
      version: 2,
    });
    const audit = (await admin.get('/api/audit?entity=process_rules&entityId=2032&action=update').expect(200)).body as AuditPage;
    expect(audit.entries[0]).toMatchObject({ before: { commonGoodsByReverseAuction: true, thresholds: [] }, after: replaced });
    // The same rules again change nothing: no new version, no audit.
    const same = (await admin.put('/api/process-rules/2032').send({ ...replaced, fiscalYear: undefined }).expect(200)).body as ProcessRulesDto;
    expect(same.version).toBe(2);
  });

  it('when a put carries a stale version, or none for a year that has rules, then 409 with the current rules and nothing changes', async () => {
    const first = (await admin.put('/api/process-rules/2033').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(201)).body as ProcessRulesDto;
    await admin.put('/api/process-rules/2033').send({ version: 1, commonGoodsByReverseAuction: false, thresholds: [] }).expect(200);
    const stale = await admin.put('/api/process-rules/2033').send({ version: first.version, commonGoodsByReverseAuction: true, thresholds: [] }).expect(409);
    expect(stale.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(fieldsOf(stale.body)).toEqual(['version']);
    expect(stale.body.current).toMatchObject({ fiscalYear: 2033, commonGoodsByReverseAuction: false, version: 2 });
    const unversioned = await admin.put('/api/process-rules/2033').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(409);
    expect(unversioned.body.current.version).toBe(2);
    const versionedButMissing = await admin.put('/api/process-rules/2034').send({ version: 1, commonGoodsByReverseAuction: true, thresholds: [] }).expect(409);
    expect(versionedButMissing.body.current).toEqual({ fiscalYear: 2034, commonGoodsByReverseAuction: false, thresholds: [], version: null });
    expect((await rulesOf(2033)).commonGoodsByReverseAuction).toBe(false);
    expect((await rulesOf(2034)).version).toBeNull();
  });

  it('when a logistics officer or a viewer puts rules, then 403 and nothing is written', async () => {
    for (const agent of [logistics, viewer]) {
      const refused = await agent.put('/api/process-rules/2035').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await rulesOf(2035)).version).toBeNull();
  });

  it('when the input is wrong, then 400 names each field in Spanish and nothing is written', async () => {
    const cases: [string, unknown, string[]][] = [
      ['/api/process-rules/2036', { commonGoodsByReverseAuction: true, thresholds: [{ type: 'conventional', minValue: '10.00', maxValue: '9.99' }] }, ['thresholds.0.maxValue']],
      ['/api/process-rules/2036', { commonGoodsByReverseAuction: true, thresholds: [{ type: 'conventional', minValue: null, maxValue: null }, { type: 'conventional', minValue: null, maxValue: null }] }, ['thresholds.1.type']],
      ['/api/process-rules/2036', { commonGoodsByReverseAuction: true, thresholds: [{ type: 'licitacion', minValue: '1.234', maxValue: '-1' }] }, ['thresholds.0.type', 'thresholds.0.minValue', 'thresholds.0.maxValue']],
      ['/api/process-rules/2036', { commonGoodsByReverseAuction: 'sí', thresholds: [], extra: 1 }, ['commonGoodsByReverseAuction', 'extra']],
      ['/api/process-rules/1800', { commonGoodsByReverseAuction: true, thresholds: [] }, ['fiscalYear']],
      ['/api/process-rules/dos-mil', { commonGoodsByReverseAuction: true, thresholds: [] }, ['fiscalYear']],
    ];
    for (const [path, body, fields] of cases) {
      const response = await admin.put(path).send(body as object).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fieldsOf(response.body).sort(), JSON.stringify(body)).toEqual([...fields].sort());
      for (const error of response.body.errors as { message: string }[]) expect(error.message).toMatch(/[a-záéíóúñ]/i);
    }
    expect((await rulesOf(2036)).version).toBeNull();
  });
});

describe('rule violations of a programme', () => {
  it('when a common good is planned outside reverse auction and its year asks for reverse auction, then its line is flagged with the ficha in the reason', async () => {
    const common = await createTestItem(testApp.db, { commonGoodSheet: 'FT-0099' });
    const other = await createTestItem(testApp.db, {});
    const { programme, lines } = await createTestProgramme(testApp.db, {
      fiscalYear: 2040,
      lines: [
        { item: common, channel: 'essalud', process: 'conventional' },
        { item: common, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' },
        { item: other, channel: 'essalud', process: 'unscheduled' },
      ],
    });
    // No rules for 2040 yet: nothing is flagged.
    expect(await violationsOf(programme.id)).toEqual({ violations: [], total: 0 });
    await admin.put('/api/process-rules/2040').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(201);
    const page = await violationsOf(programme.id);
    expect(page.total).toBe(1);
    expect(page.violations).toEqual([
      {
        rule: 'common_good_reverse_auction',
        lineId: lines[0]!.id,
        processId: null,
        subject: common.code,
        reason: `El ítem ${common.code} es bien común (ficha FT-0099) y su línea va por proceso convencional, no por subasta inversa`,
      },
    ]);
    // Only the lines asked for.
    expect((await violationsOf(programme.id, `?lineIds=${lines[1]!.id},${lines[2]!.id}`)).total).toBe(0);
    expect((await violationsOf(programme.id, `?lineIds=${lines[0]!.id}`)).violations.map((v) => v.lineId)).toEqual([lines[0]!.id]);
    // A year whose rules do not ask for it flags nothing.
    await admin.put('/api/process-rules/2040').send({ version: 1, commonGoodsByReverseAuction: false, thresholds: [] }).expect(200);
    expect((await violationsOf(programme.id)).total).toBe(0);
  });

  it("when a live process's reference value is outside its type's bounds, then it is flagged with both figures; a deserted one is not", async () => {
    const { programme, lines } = await createTestProgramme(testApp.db, {
      fiscalYear: 2042,
      lines: [
        { channel: 'essalud', process: 'conventional', quantity: '1000', unitPrice: '1234.5678' }, // 1,234,567.80
        { channel: 'essalud', process: 'conventional', quantity: '3', unitPrice: '0.5050' }, // 1.52
        { channel: 'essalud', process: 'reverse_auction', quantity: '10', unitPrice: '10.0000' }, // 100.00
        { channel: 'essalud', process: 'conventional', quantity: '2', unitPrice: '1.0000' }, // 2.00, deserted
        { channel: 'essalud', process: 'conventional', quantity: '5', unitPrice: '100.0000' }, // 500.00, within
      ],
    });
    const large = await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'conventional', code: 'CP-GRANDE' }), [lines[0]!]);
    const small = await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'conventional', code: 'CP-CHICO' }), [lines[1]!]);
    const auction = await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'reverse_auction', code: 'SI-1' }), [lines[2]!]);
    const deserted = await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'conventional', code: 'CP-DESIERTO' }), [lines[3]!]);
    await setTestProcessStatus(testApp.db, deserted, 'desierto');
    await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'conventional', code: 'CP-MEDIO' }), [lines[4]!]);
    await admin
      .put('/api/process-rules/2042')
      .send({ commonGoodsByReverseAuction: true, thresholds: [{ type: 'conventional', minValue: '400.00', maxValue: '1000000.00' }] })
      .expect(201);
    const page = await violationsOf(programme.id);
    expect(page).toEqual({
      total: 2,
      violations: [
        {
          rule: 'threshold_min',
          lineId: null,
          processId: small.id,
          subject: 'CP-CHICO',
          reason: 'El valor referencial del proceso CP-CHICO (S/ 1.52) está por debajo del mínimo para proceso convencional (S/ 400.00)',
        },
        {
          rule: 'threshold_max',
          lineId: null,
          processId: large.id,
          subject: 'CP-GRANDE',
          reason: 'El valor referencial del proceso CP-GRANDE (S/ 1,234,567.80) supera el máximo para proceso convencional (S/ 1,000,000.00)',
        },
      ],
    });
    // The reverse auction has no bounds this year; with lineIds, only the processes those lines are in.
    expect((await violationsOf(programme.id, `?lineIds=${lines[1]!.id},${lines[2]!.id}`)).violations.map((v) => v.subject)).toEqual(['CP-CHICO']);
    expect((await violationsOf(programme.id, `?lineIds=${lines[3]!.id}`)).total).toBe(0);
    expect(auction.id).toBeGreaterThan(0);
  });

  it('when a common good is in a live process by another type, then its flag names that process', async () => {
    const common = await createTestItem(testApp.db, { commonGoodSheet: 'FT-0777' });
    const { programme, lines } = await createTestProgramme(testApp.db, { fiscalYear: 2043, lines: [{ item: common, channel: 'essalud', process: 'unscheduled', quantity: '1', unitPrice: '1.0000' }] });
    const process = await assignTestLines(testApp.db, await createTestProcess(testApp.db, programme, { type: 'unscheduled', code: 'CNP-01' }), [lines[0]!]);
    await admin.put('/api/process-rules/2043').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(201);
    expect((await violationsOf(programme.id)).violations).toEqual([
      {
        rule: 'common_good_reverse_auction',
        lineId: lines[0]!.id,
        processId: process.id,
        subject: common.code,
        reason: `El ítem ${common.code} es bien común (ficha FT-0777) y su línea va por compra no programada (proceso CNP-01), no por subasta inversa`,
      },
    ]);
  });

  it('when there are more flags than a page, then pages follow the item code and the total counts them all', async () => {
    const items = await Promise.all(['FT-1', 'FT-2', 'FT-3'].map((sheet) => createTestItem(testApp.db, { commonGoodSheet: sheet })));
    const { programme } = await createTestProgramme(testApp.db, {
      fiscalYear: 2041,
      lines: items.map((item) => ({ item, channel: 'essalud' as const, process: 'conventional' as const })),
    });
    await admin.put('/api/process-rules/2041').send({ commonGoodsByReverseAuction: true, thresholds: [] }).expect(201);
    const pages = [1, 2, 3, 4].map((page) => violationsOf(programme.id, `?page=${page}&pageSize=1`));
    const subjects = (await Promise.all(pages)).map((page) => [page.total, page.violations.map((violation) => violation.subject)]);
    const codes = items.map((item) => item.code).sort();
    expect(subjects).toEqual([[3, [codes[0]]], [3, [codes[1]]], [3, [codes[2]]], [3, []]]);
  });

  it('when the programme is unknown or the query is wrong, then 404 or 400 naming the field', async () => {
    const missing = await viewer.get('/api/programmes/99999/rule-violations').expect(404);
    expect(fieldsOf(missing.body)).toEqual(['id']);
    const { programme } = await createTestProgramme(testApp.db, { lines: [] });
    for (const [query, field] of [['lineIds=1,a', 'lineIds'], ['lineIds=', 'lineIds'], ['pageSize=0', 'pageSize'], ['page=x', 'page'], ['otro=1', 'otro']]) {
      const response = await viewer.get(`/api/programmes/${programme.id}/rule-violations?${query}`).expect(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(fieldsOf(response.body), query).toEqual([field]);
    }
  });
});
