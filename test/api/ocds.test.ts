// The OCDS export (issue 12): a programme's processes, one release each, in a release package that
// validates against the official OCDS 1.1.5 schemas (test/fixtures/ocds), with codes from their
// codelists and amounts written exactly as the database's decimals; streamed in batches.
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeDto } from '../../shared/api.ts';
import type { ProcessDto, ProcessLinesPage } from '../../shared/procurement-api.ts';
import type { ProcessStatus } from '../../shared/procurement.ts';
import { DEFAULT_OCID_PREFIX } from '../../server/features/ocds/ocds-release.ts';
import { sendOcdsPackage } from '../../server/features/ocds/ocds.service.ts';
import { assignTestLines, awardTestLine, createTestProcess, createTestProgramme, setTestProcessStatus, testRuc } from '../support/factories.ts';
import { codelist, ocdsValidator } from '../support/ocds-validator.ts';
import { signedIn, startTestApp, type TestApp } from '../support/test-app.ts';

interface Release {
  ocid: string;
  id: string;
  tag: string[];
  initiationType: string;
  parties: { id: string; roles: string[]; identifier: { scheme: string; id: string } }[];
  buyer: { id: string };
  tender: { id: string; status: string; procurementMethod: string; procurementMethodDetails: string; items: { id: string }[]; procuringEntity: { id: string } };
  awards?: { id: string; status: string; suppliers: { id: string }[]; items: { id: string }[] }[];
  contracts?: { id: string; awardID: string; status: string; dateSigned?: string }[];
}
interface Package {
  uri: string;
  version: string;
  releases: Release[];
}

const validator = ocdsValidator();
let testApp: TestApp;
let viewer: TestAgent;
let programme: ProgrammeDto;
/** The processes arranged, by the status each ends in. */
const processes = {} as Record<ProcessStatus, ProcessDto>;
const supplierA = testRuc(900_001);
const supplierB = testRuc(900_002);

beforeAll(async () => {
  testApp = await startTestApp();
  viewer = await signedIn(testApp, 'viewer');
  const essalud = (process: 'reverse_auction' | 'conventional' | 'unscheduled', quantity = '100', unitPrice = '2.5000') =>
    ({ channel: 'essalud', process, quantity, unitPrice }) as const;
  const minsa = (quantity: string, unitPrice: string) => ({ channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity, unitPrice }) as const;
  const created = await createTestProgramme(testApp.db, {
    name: 'Compra 2012 — Oncológicos',
    fiscalYear: 2012,
    lines: [
      essalud('reverse_auction'), // 0 programado
      essalud('conventional', '300', '12.3456'), // 1 convocado
      minsa('9196094411', '0.0110'), // 2 contratado: awarded at 0.0100 → 91,960,944.11
      minsa('1200', '0.4500'), // 3 contratado
      minsa('1000', '1.0000'), // 4 adjudicado
      minsa('500', '3.3333'), // 5 consentido
      essalud('conventional', '40', '7.5000'), // 6 desierto
      essalud('unscheduled', '10', '99.9900'), // 7 nulo (after its award)
    ],
  });
  programme = created.programme;
  const lines = created.lines;
  const processOf = async (status: ProcessStatus, overrides: Parameters<typeof createTestProcess>[2], lineIndexes: number[], award?: (process: ProcessDto) => Promise<unknown>) => {
    let process = await createTestProcess(testApp.db, programme, overrides);
    process = await assignTestLines(testApp.db, process, lineIndexes.map((i) => lines[i]!));
    if (award) {
      process = await setTestProcessStatus(testApp.db, process, 'convocado');
      await award(process);
      process = (await viewer.get(`/api/processes/${process.id}`).expect(200)).body as ProcessDto;
    }
    processes[status] = await setTestProcessStatus(testApp.db, process, status);
  };
  const minsaProcess = { channel: 'minsa_corporate', segment: 'medicines', type: 'reverse_auction' } as const;
  await processOf('programado', { type: 'reverse_auction' }, [0]);
  await processOf('convocado', { type: 'conventional', code: 'CP 004-2012-ESSALUD' }, [1]);
  await processOf('contratado', { ...minsaProcess, code: 'LP SIP 018-2011-DARES/MINSA' }, [2, 3], async (process) => {
    await awardTestLine(testApp.db, process, lines[2]!, { awardedUnitPrice: '0.0100', supplierRuc: supplierA, supplierName: 'Droguería Uno S.A.C.' });
    await awardTestLine(testApp.db, process, lines[3]!, { awardedUnitPrice: '0.4321', supplierRuc: supplierB, supplierName: 'Laboratorios Dos S.A.' });
  });
  await processOf('adjudicado', minsaProcess, [4], (process) => awardTestLine(testApp.db, process, lines[4]!, { awardedUnitPrice: '0.9999', supplierRuc: supplierA }));
  await processOf('consentido', minsaProcess, [5], (process) => awardTestLine(testApp.db, process, lines[5]!, { awardedUnitPrice: '3.0001', supplierRuc: supplierB }));
  await processOf('desierto', { type: 'conventional' }, [6]);
  await processOf('nulo', { type: 'unscheduled' }, [7], (process) => awardTestLine(testApp.db, process, lines[7]!, { awardedUnitPrice: '95.5000' }));
  // nulo above was annulled while convocado (before an award was made public): no awards published.
});
afterAll(() => testApp.close());

const exportOf = (id: number) => viewer.get(`/api/programmes/${id}/ocds`).buffer(true).parse((res, done) => {
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => done(null, text));
});

const releaseOf = (pkg: Package, status: ProcessStatus) => pkg.releases.find((release) => release.ocid === `${DEFAULT_OCID_PREFIX}${processes[status].id}`)!;

describe('GET /api/programmes/:id/ocds', () => {
  it('when anyone signed in exports a programme with processes in every status, then a JSON file downloads that validates as an OCDS 1.1 release package', async () => {
    const response = await exportOf(programme.id).expect(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="ocds-programa-${programme.id}-compra-2012-oncologicos.json"`);
    const pkg = JSON.parse(response.body as string) as Package;
    expect(validator.packageErrors(pkg)).toEqual([]);
    for (const release of pkg.releases) expect(validator.releaseErrors(release), release.ocid).toEqual([]);
    expect(pkg.version).toBe('1.1');
    expect(pkg.uri).toMatch(new RegExp(`^http://.+/api/programmes/${programme.id}/ocds$`));
    // One release per process, its ocid the prefix and the process id, each id unique.
    expect(pkg.releases.map((release) => release.ocid).sort()).toEqual(Object.values(processes).map((process) => `${DEFAULT_OCID_PREFIX}${process.id}`).sort());
    expect(new Set(pkg.releases.map((release) => release.id)).size).toBe(pkg.releases.length);
  });

  it('when releases are read, then every code comes from its codelist and the statuses map to the OCDS stages', async () => {
    const pkg = JSON.parse((await exportOf(programme.id).expect(200)).body as string) as Package;
    for (const release of pkg.releases) {
      for (const tag of release.tag) expect(codelist('releaseTag').has(tag), tag).toBe(true);
      expect(codelist('initiationType').has(release.initiationType)).toBe(true);
      expect(codelist('tenderStatus').has(release.tender.status)).toBe(true);
      expect(codelist('method').has(release.tender.procurementMethod)).toBe(true);
      for (const party of release.parties) for (const role of party.roles) expect(codelist('partyRole').has(role), role).toBe(true);
      for (const award of release.awards ?? []) expect(codelist('awardStatus').has(award.status)).toBe(true);
      for (const contract of release.contracts ?? []) expect(codelist('contractStatus').has(contract.status)).toBe(true);
    }
    const stages = Object.fromEntries(
      (Object.keys(processes) as ProcessStatus[]).map((status) => {
        const release = releaseOf(pkg, status);
        return [status, [release.tag[0], release.tender.status, release.awards?.length ?? 0, release.contracts?.length ?? 0]];
      }),
    );
    expect(stages).toEqual({
      programado: ['planning', 'planned', 0, 0],
      convocado: ['tender', 'active', 0, 0],
      adjudicado: ['award', 'complete', 1, 0],
      consentido: ['award', 'complete', 1, 0],
      contratado: ['contract', 'complete', 2, 2],
      desierto: ['tenderUpdate', 'unsuccessful', 0, 0],
      nulo: ['tenderCancellation', 'cancelled', 0, 0],
    });
    expect(releaseOf(pkg, 'adjudicado').awards![0]!.status).toBe('pending');
    expect(releaseOf(pkg, 'consentido').awards![0]!.status).toBe('active');
    expect(releaseOf(pkg, 'nulo').tender).toMatchObject({ procurementMethod: 'limited', procurementMethodDetails: 'Compra no programada' });
    // A deserted process still shows what it tendered.
    expect(releaseOf(pkg, 'desierto').tender.items).toHaveLength(1);
  });

  it('when a corporate process is contracted, then EsSalud buys, MINSA procures, suppliers carry PE-RUC ids, and each award has its contract', async () => {
    const release = releaseOf(JSON.parse((await exportOf(programme.id).expect(200)).body as string) as Package, 'contratado');
    expect(release.buyer.id).toBe('PE-RUC-20131257750');
    expect(release.tender.procuringEntity.id).toBe('PE-RUC-20131373237');
    expect(release.tender.id).toBe('LP SIP 018-2011-DARES/MINSA');
    expect(release.parties.map((party) => [party.id, party.roles])).toEqual([
      ['PE-RUC-20131257750', ['buyer']],
      ['PE-RUC-20131373237', ['procuringEntity']],
      [`PE-RUC-${supplierA}`, ['tenderer', 'supplier']],
      [`PE-RUC-${supplierB}`, ['tenderer', 'supplier']],
    ]);
    expect(release.parties.every((party) => party.identifier.scheme === 'PE-RUC' && party.id === `PE-RUC-${party.identifier.id}`)).toBe(true);
    expect(release.awards!.map((award) => award.suppliers.map((supplier) => supplier.id))).toEqual([[`PE-RUC-${supplierA}`], [`PE-RUC-${supplierB}`]]);
    expect(release.contracts!.map((contract) => contract.awardID)).toEqual(release.awards!.map((award) => award.id));
    expect(release.contracts!.every((contract) => /^\d{4}-\d{2}-\d{2}T00:00:00-05:00$/.test(contract.dateSigned!))).toBe(true);
    const essalud = releaseOf(JSON.parse((await exportOf(programme.id).expect(200)).body as string) as Package, 'programado');
    expect(essalud.parties).toEqual([expect.objectContaining({ id: 'PE-RUC-20131257750', roles: ['buyer', 'procuringEntity'] })]);
  });

  it('when amounts are written, then the raw JSON carries each one exactly as the decimal strings the API reports', async () => {
    const text = (await exportOf(programme.id).expect(200)).body as string;
    expect(text).toContain('"amount":91960944.11,"currency":"PEN"');
    for (const status of ['contratado', 'adjudicado', 'consentido', 'convocado'] as const) {
      const process = (await viewer.get(`/api/processes/${processes[status].id}`).expect(200)).body as ProcessDto;
      expect(text, status).toContain(`"value":{"amount":${process.reference},"currency":"PEN"}`);
      const { lines } = (await viewer.get(`/api/processes/${process.id}/lines`).expect(200)).body as ProcessLinesPage;
      for (const line of lines) {
        expect(text).toContain(`"quantity":${line.quantity},"unit":{"name":"Tableta","value":{"amount":${line.referenceUnitPrice},"currency":"PEN"}}`);
        if (line.awardedAmount !== null && status !== 'convocado') {
          expect(text).toContain(`"quantity":${line.awardedQuantity},"unit":{"name":"Tableta","value":{"amount":${line.awardedUnitPrice},"currency":"PEN"}}`);
        }
      }
    }
    const contracted = (await viewer.get(`/api/processes/${processes.contratado.id}`).expect(200)).body as ProcessDto;
    expect(contracted.awarded).toBe('91961462.63'); // 91,960,944.11 + 1,200 × 0.4321
  });

  it('when read in batches smaller than the programme, then the package is the same, release for release', async () => {
    const whole = JSON.parse((await exportOf(programme.id).expect(200)).body as string) as Package;
    const app = express();
    app.get('/ocds', (req, res, next) => {
      sendOcdsPackage(testApp.db, req, res, programme.id, { ocidPrefix: DEFAULT_OCID_PREFIX, now: new Date(), batchSize: 2 }).catch(next);
    });
    const server = app.listen(0);
    try {
      const text = await (await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ocds`)).text();
      expect((JSON.parse(text) as Package).releases).toEqual(whole.releases);
    } finally {
      server.close();
    }
  });

  it('when the client goes away in the middle of the export, then the server stops writing and goes on answering', async () => {
    const app = express();
    let finished: Promise<void> = Promise.resolve();
    app.get('/ocds', (req, res) => {
      finished = sendOcdsPackage(testApp.db, req, res, programme.id, { ocidPrefix: DEFAULT_OCID_PREFIX, now: new Date(), batchSize: 1 });
    });
    const server: Server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      await new Promise<void>((resolve, reject) => {
        const request = httpRequest({ port, path: '/ocds' }, (response) => {
          response.once('data', () => {
            request.destroy();
            resolve();
          });
        });
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
        request.end();
      });
      await expect(finished).resolves.toBeUndefined();
      await exportOf(programme.id).expect(200);
    } finally {
      server.close();
    }
  });

  it('when the programme has no processes, is unknown or the id is malformed, then 409, 404 or 400 naming id', async () => {
    const { programme: empty } = await createTestProgramme(testApp.db, { lines: [] });
    for (const [id, status] of [[empty.id, 409], [99_999, 404], ['abc', 400]] as const) {
      const response = await viewer.get(`/api/programmes/${id}/ocds`).expect(status);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['id']);
    }
  });

  it('when no one is signed in, then 401', async () => {
    const { default: request } = await import('supertest');
    await request(testApp.app).get(`/api/programmes/${programme.id}/ocds`).expect(401);
  });
});
