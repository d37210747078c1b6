// Files built to exhaust or block the server: each is refused with 422 naming the limit (or read
// without freezing other requests), and the server keeps answering.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/api.ts';
import { createTestUsers, signedIn, startTestApp, type TestApp } from '../support/test-app.ts';
import { columnLetters } from '../../server/platform/spreadsheet/sheet-builder.ts';
import { inlineCell, inlineRow, xlsx } from '../support/xlsx-builder.ts';
import { formularyHeader } from '../support/formulary-files.ts';

let testApp: TestApp;
let pharmacy: TestAgent;
let server: Server;
let baseUrl: string;
let uploadReceived = false;

beforeAll(async () => {
  testApp = await startTestApp();
  pharmacy = await signedIn(testApp, 'pharmacy');
  // The app behind a server of the test's own, which notes when an import's upload has been read.
  server = createServer((req, res) => {
    if (req.url?.startsWith('/api/items/import')) req.once('end', () => (uploadReceived = true));
    testApp.app(req, res);
  }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp.close();
});

const header = formularyHeader;
const validRow = ['HOS-001', 'Ácido fólico', '5 mg', 'tableta', 'Suministro local', 'Sangre y órganos hematopoyéticos', 'Esencial', 'No'];
const dryRun = (file: Buffer, name: string) => pharmacy.post('/api/items/import').attach('file', file, name).field('dryRun', 'true');
const healthy = async () => expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);

async function expectRefused(file: Buffer, name: string, message: RegExp) {
  const response = await dryRun(file, name);
  expect(response.status).toBe(422);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body.errors).toEqual([{ field: 'file', in: 'body', message: expect.stringMatching(message) }]);
  await healthy();
  return response;
}

describe('hostile XLSX files', () => {
  it('when rows have their only cell in column XFD, then 422 names the 64-column limit', async () => {
    const rows = Array.from({ length: 50 }, (_, index) => `<row r="${index + 2}">${inlineCell('x', `XFD${index + 2}`)}</row>`);
    const file = xlsx({ sheetData: inlineRow(header, 1) + rows.join('') });
    await expectRefused(file, 'columnas.xlsx', /más de 64 columnas/);
  });

  it('when a shared string of 3,000 characters fills 60 cells, then 422 names the cell limit without quoting it', async () => {
    const long = 'A'.repeat(3_000);
    const cells = Array.from({ length: 60 }, (_, index) => `<row r="${index + 2}"><c r="B${index + 2}" t="s"><v>0</v></c></row>`);
    const file = xlsx({ sheetData: inlineRow(header, 1) + cells.join(''), sharedStrings: [long] });
    const response = await expectRefused(file, 'texto.xlsx', /una celda de más de 2,000 caracteres/);
    expect(response.text.length).toBeLessThan(1_000);
  });

  it('when the XLSX declares that it inflates to more than 200 MB, then 422 names the limit', async () => {
    const file = xlsx({ sheetData: inlineRow(header, 1) + inlineRow(validRow, 2), sheetDeclaredSize: 300 * 1024 * 1024 });
    await expectRefused(file, 'bomba.xlsx', /se descomprime a más de 200 MB/);
  });

  it('when a part inflates beyond the size it declares, then 422 says the file is unreadable', async () => {
    const padding = ' '.repeat(4 * 1024 * 1024);
    const file = xlsx({ sheetData: inlineRow(header, 1) + padding + inlineRow(validRow, 2), sheetDeclaredSize: 10_000 });
    await expectRefused(file, 'miente.xlsx', /No se pudo leer el archivo como hoja de cálculo XLSX/);
  });

  it('when the sheet holds more than 1,000,000 cells with data, then 422 names the limit', async () => {
    const row = (number: number) =>
      `<row r="${number}">${Array.from({ length: 21 }, (_, column) => `<c r="${columnLetters(column)}${number}" t="s"><v>0</v></c>`).join('')}</row>`;
    const file = xlsx({ sheetData: Array.from({ length: 48_000 }, (_, index) => row(index + 1)).join(''), sharedStrings: ['x'] });
    await expectRefused(file, 'celdas.xlsx', /más de 1,000,000 celdas/);
  });

  it('when the zip holds more than 1,000 parts, then 422 names the limit', async () => {
    const extraEntries = Array.from({ length: 1_000 }, (_, index) => ({ name: `xl/media/parte${index}.xml`, data: '<a/>' }));
    const file = xlsx({ sheetData: inlineRow(header, 1) + inlineRow(validRow, 2), extraEntries });
    await expectRefused(file, 'partes.xlsx', /más de 1,000 partes/);
  });
});

describe('messages about a cell', () => {
  it('when a long value is not recognised, then the message quotes only its first 40 characters', async () => {
    const value = `Regional ${'x'.repeat(1_500)}`;
    const file = Buffer.from([header, validRow.map((cell, index) => (index === 4 ? value : cell))].map((row) => row.join(';')).join('\r\n'));
    const report = (await dryRun(file, 'largo.csv').expect(200)).body as ImportReport;
    const [error] = report.errors;
    expect(error).toMatchObject({ row: 2, column: 'Cartilla' });
    expect(error!.message).toContain(`«${value.slice(0, 40)}…»`);
    expect(error!.message).not.toContain(value.slice(0, 41));
  });
});

describe('an import and everybody else', () => {
  it('when a 50,000-row CSV is being imported, then health requests sent after the upload arrived are answered before it ends', async () => {
    const rows = Array.from({ length: 50_000 }, (_, index) => [`RESP-${index}`, ...validRow.slice(1)]);
    const form = new FormData();
    form.append('file', new Blob([[header, ...rows].map((row) => row.join(';')).join('\r\n')]), 'grande.csv');
    form.append('dryRun', 'true');
    const credentials = (await createTestUsers(testApp)).pharmacy;
    const signIn = await fetch(`${baseUrl}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    const cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;

    uploadReceived = false;
    let importing = true;
    // The import is over when its answer starts (sending a large report is not processing).
    const importDone = fetch(`${baseUrl}/api/items/import`, { method: 'POST', body: form, headers: { cookie } }).then(async (response) => {
      importing = false;
      return { status: response.status, body: (await response.json()) as ImportReport };
    });
    // Only requests sent once the whole file is in count: those are the ones a blocked server holds.
    let answeredWhileProcessing = 0;
    while (importing) {
      const sentAfterUpload = uploadReceived;
      const response = await fetch(`${baseUrl}/api/health`);
      expect(response.status).toBe(200);
      if (importing && sentAfterUpload) answeredWhileProcessing++;
    }
    const { status, body } = await importDone;
    expect(status).toBe(200);
    expect(body.created).toBe(50_000);
    expect(answeredWhileProcessing).toBeGreaterThan(0);
  });
});
