// The import wizard in a real browser, on the optional «Oncológico» column: the columns step says
// which columns are required, that «Oncológico» is optional and what its absence means, in Spanish.
// The test arranges its own item through the API.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemsPage } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let pharmacy: Credentials;
let fileDir: string;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ pharmacy } = await createTestUsers(session.testApp));
  fileDir = mkdtempSync(join(tmpdir(), 'abastece-import-'));
});

afterAll(async () => {
  await session?.close();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

describe('the import wizard', () => {
  it('when a file has no «Oncológico» column, then the columns step says it is optional and what new and existing items get, and the file applies', async () => {
    const api = request.agent(session.testApp.app);
    await api.post('/api/session').send(pharmacy).expect(200);
    const item = { dci: 'Cisplatino', strength: '50 mg', dosageForm: 'vial', supplyList: 'local', therapeuticGroup: 'Antineoplásicos', ven: 'vital', oncology: true };
    await api.post('/api/items').send({ code: 'NAV-ONC-1', ...item }).expect(201);
    const file = join(fileDir, 'sin-oncologico.csv');
    writeFileSync(
      file,
      [
        'Código;Denominación;Concentración;Forma farmacéutica;Cartilla;Grupo terapéutico;VEN',
        'NAV-ONC-1;Cisplatino;50 mg;vial;Suministro local;Antineoplásicos;Esencial',
        'NAV-ONC-2;Carboplatino;150 mg;vial;Suministro local;Antineoplásicos;Vital',
      ].join('\r\n'),
      'utf8',
    );

    // The Petitorio is seen first, so its list is in the client's cache when the import changes it.
    const page = await session.openPage('/petitorio?q=NAV-ONC');
    await page.getByLabel('Usuario', { exact: true }).fill(pharmacy.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(pharmacy.password);
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await expectTotal(page, /^1 /);
    await page.getByRole('link', { name: 'Importar petitorio' }).click();
    await page.getByRole('heading', { name: 'Importar petitorio', level: 1 }).waitFor();
    expect(await page.getByTestId('import-file-hint').textContent()).toMatch(
      /Obligatorios: «Código», «Denominación», .*«VEN»\. Opcional: «Oncológico» \(si falta, los ítems nuevos tendrán «No»; los que ya existen conservan su valor\)/,
    );
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles(file);

    const expected = page.getByTestId('import-expected-columns');
    await expected.waitFor();
    const rowOf = (label: string) => expected.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    expect(await rowOf('Código').textContent()).toContain('Se lee de «Código»');
    expect(await rowOf('Oncológico').textContent()).toBe(
      'OncológicoNo (opcional)No está: los ítems nuevos tendrán «No»; los que ya existen conservan su valor',
    );
    expect(await page.getByTestId('import-missing-columns').count()).toBe(0);
    expect((await page.getByTestId('import-count-created').textContent())?.trim()).toBe('1');
    expect((await page.getByTestId('import-count-updated').textContent())?.trim()).toBe('1');

    await page.getByRole('button', { name: 'Aplicar', exact: true }).click();
    await page.getByTestId('import-result').waitFor();
    const items = (await api.get('/api/items?q=NAV-ONC&pageSize=10').expect(200)).body as ItemsPage;
    expect(Object.fromEntries(items.items.map((stored) => [stored.code, [stored.oncology, stored.ven]]))).toEqual({
      'NAV-ONC-1': [true, 'essential'],
      'NAV-ONC-2': [false, 'vital'],
    });
    // Back to the search seen before: its cached answer must not hide the new item.
    await page.goBack();
    await expectTotal(page, /^2 /);
  });
});

async function expectTotal(page: Page, text: RegExp) {
  await expect.poll(async () => (await page.getByTestId('formulary-total').textContent())?.trim()).toMatch(text);
}
