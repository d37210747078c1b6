// A selection process followed in a real browser, on its own data: a logistics officer creates it
// (a duplicate code is refused on its field), assigns planned lines from the grid in bulk (a line of
// another channel is refused, named), calls it, enters the awards (a RUC with a wrong check digit
// is caught while typing; one new supplier, one known), awards it and reads the saving with its
// percentage, then follows it to the contract and reads the timeline; the supplier's page shows
// the award. A process declared void gives its lines back; an approved programme's lines still join
// processes from the grid; a stale award is refused and shown; a negative saving reads as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createSupplier } from '../../server/features/suppliers/suppliers.service.ts';
import {
  assignTestLines,
  awardTestLine,
  createTestProcess,
  createTestProgramme,
  setTestProcessStatus,
  setTestProgrammeStatus,
} from '../support/factories.ts';
import { focusedCell, gridCell, gridRow, textOf } from '../support/planning-grid.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let users: Record<'admin' | 'logistics' | 'viewer', Credentials>;

beforeAll(async () => {
  session = await startBrowserSession();
  users = await createTestUsers(session.testApp);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

async function api<T>(method: 'get' | 'post' | 'patch' | 'put', path: string, data?: unknown): Promise<T> {
  const answer = await session.browser.request[method](`${session.baseUrl}/api${path}`, data === undefined ? {} : { data });
  expect(answer.ok(), `${method} ${path}: ${await answer.text()}`).toBe(true);
  return (await answer.json()) as T;
}

const wide = { viewport: { width: 1600, height: 1000 } };

/** Valid RUCs (SUNAT check digit) and one with its last digit wrong. */
const NEW_RUC = '20600012348';
const KNOWN_RUC = '20100047218';
const WRONG_CHECK_DIGIT = '20600012349';

async function linesOnServer(programmeId: number): Promise<PurchaseLineDto[]> {
  return (await api<LinesPage>('get', `/programmes/${programmeId}/lines?pageSize=1000`)).lines;
}

async function awardLine(page: Page, code: string, award: { ruc: string; name?: string; price: string }) {
  const row = page.getByTestId(`process-line-${code}`);
  await row.getByRole('button', { name: `Adjudicar de ${code}`, exact: false }).click();
  const form = page.getByTestId('award-form');
  await form.getByLabel('RUC del proveedor').fill(award.ruc);
  if (award.name) {
    await expect.poll(() => textOf(form.getByTestId('ruc-check'))).toBe('RUC válido, no registrado: escriba la razón social para registrarlo.');
    await form.getByLabel('Razón social del proveedor').fill(award.name);
  } else {
    await expect.poll(() => textOf(form.getByTestId('ruc-check'))).toMatch(/^Proveedor registrado: /);
  }
  await form.getByLabel('Precio unitario adjudicado (S/)').fill(award.price);
  await form.getByRole('button', { name: 'Guardar adjudicación' }).click();
  await form.waitFor({ state: 'detached' });
}

describe('A selection process from call to contract', () => {
  it('when a logistics officer creates a process, assigns lines from the grid, calls it, enters the awards and follows it to the contract, then the saving and its percent read on screen and the timeline shows each step', async () => {
    // Reference 1,000 × 2.50 + 200 × 10.00 = 2,500.00 + 2,000.00 = 4,500.00; awarded 1,000 × 2.10 +
    // 200 × 9.50 = 2,100.00 + 1,900.00 = 4,000.00; saving 500.00, 500 / 4,500 = 11.11 %.
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      name: 'Compra con procesos',
      lines: [
        { channel: 'essalud', process: 'conventional', quantity: '1000', unitPrice: '2.5000' },
        { channel: 'essalud', process: 'conventional', quantity: '200', unitPrice: '10.0000' },
        { channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', quantity: '50', unitPrice: '1.0000' },
      ],
    });
    const [first, second, minsa] = lines as [PurchaseLineDto, PurchaseLineDto, PurchaseLineDto];
    await signInAs(users.logistics);
    await createSupplier(session.testApp.db, null, new Date(), { ruc: KNOWN_RUC, name: 'Droguería Conocida S.A.C.' });
    await createTestProcess(session.testApp.db, programme, { code: 'SIE-001-2026-ESSALUD', title: 'Ocupa el código', type: 'conventional' });

    // From the programmes list to the programme's processes; a duplicate code is refused on its field.
    // The duplicate code and the refused assignment are answers the page expects.
    const page = await session.openPage('/programas', { ...wide, expectedStatuses: [401, 409, 422] });
    await page.getByTestId(`programme-row-${programme.id}`).getByRole('link', { name: 'Procesos', exact: true }).click();
    await page.getByRole('heading', { name: `Procesos de selección · ${programme.name}` }).waitFor();
    await page.getByRole('button', { name: 'Nuevo proceso' }).click();
    const form = page.getByTestId('process-create-form');
    await form.getByLabel('Código', { exact: true }).fill('sie-001-2026-essalud');
    await form.getByLabel('Título', { exact: true }).fill('Medicamentos de la Compra EsSalud');
    await form.getByLabel('Canal', { exact: true }).selectOption('essalud');
    await form.getByLabel('Tipo de proceso', { exact: true }).selectOption('conventional');
    await form.getByRole('button', { name: 'Crear proceso' }).click();
    const codeField = form.getByLabel('Código', { exact: true });
    await expect.poll(() => codeField.getAttribute('aria-invalid')).toBe('true');
    await codeField.fill('SIE-012-2026-ESSALUD');
    await form.getByRole('button', { name: 'Crear proceso' }).click();
    await page.waitForURL(/\/procesos\/\d+$/);
    const processId = Number(/\/procesos\/(\d+)$/.exec(page.url())![1]);
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Programado');

    // Bulk assignment from the planning grid: a MINSA line does not fit an EsSalud process.
    await page.getByRole('link', { name: 'Líneas del plan' }).click();
    await page.getByTestId('planning-grid').waitFor();
    expect(await textOf(gridRow(page, first.item.code).getByTestId('line-process'))).toBe('No asignado');
    await page.getByRole('checkbox', { name: `Seleccionar ${first.item.code} (Compra EsSalud)` }).check();
    await page.getByRole('checkbox', { name: `Seleccionar ${minsa.item.code} (Compra Corporativa MINSA)` }).check();
    const bulk = page.getByTestId('bulk-bar');
    await bulk.getByTestId('assign-process').selectOption({ label: 'SIE-012-2026-ESSALUD — Compra EsSalud · Proceso convencional (coincide con 1 de 2 líneas)' });
    await bulk.getByRole('button', { name: 'Asignar', exact: true }).click();
    await expect.poll(() => textOf(bulk.getByTestId('assign-error'))).toContain(minsa.item.code);
    expect((await linesOnServer(programme.id)).every((line) => line.procurementProcess === null)).toBe(true);

    await page.getByRole('checkbox', { name: `Seleccionar ${minsa.item.code} (Compra Corporativa MINSA)` }).uncheck();
    await page.getByRole('checkbox', { name: `Seleccionar ${second.item.code} (Compra EsSalud)` }).check();
    await bulk.getByTestId('assign-process').selectOption({ label: 'SIE-012-2026-ESSALUD — Compra EsSalud · Proceso convencional' });
    await bulk.getByRole('button', { name: 'Asignar', exact: true }).click();
    await expect.poll(() => textOf(page.getByTestId('assign-notice'))).toContain('Se asignaron 2 líneas al proceso SIE-012-2026-ESSALUD.');
    expect(await textOf(gridRow(page, first.item.code).getByTestId('line-process'))).toBe('SIE-012-2026-ESSALUD');
    expect(await textOf(gridRow(page, minsa.item.code, 'minsa_corporate').getByTestId('line-process'))).toBe('No asignado');
    const onServer = await linesOnServer(programme.id);
    expect(onServer.filter((line) => line.procurementProcess?.id === processId).map((line) => line.id).sort()).toEqual([first.id, second.id].sort());

    // Called; the awards: a wrong check digit is caught while typing, the amount follows the figures.
    await gridRow(page, first.item.code).getByRole('link', { name: 'SIE-012-2026-ESSALUD' }).click();
    await page.getByRole('button', { name: 'Convocar' }).click();
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Convocado');
    expect(await textOf(page.getByTestId('process-reference'))).toBe('S/ 4,500.00');

    const firstRow = page.getByTestId(`process-line-${first.item.code}`);
    await firstRow.getByRole('button', { name: `Adjudicar de ${first.item.code}`, exact: false }).click();
    const award = page.getByTestId('award-form');
    await award.getByLabel('RUC del proveedor').fill(WRONG_CHECK_DIGIT);
    await expect.poll(() => textOf(award.getByTestId('ruc-check'))).toBe('El dígito verificador del RUC no corresponde');
    await award.getByLabel('RUC del proveedor').fill('2060001234');
    await expect.poll(() => textOf(award.getByTestId('ruc-check'))).toBe('El RUC tiene 11 dígitos, no 10');
    await award.getByLabel('RUC del proveedor').fill(NEW_RUC);
    await expect.poll(() => textOf(award.getByTestId('ruc-check'))).toBe('RUC válido, no registrado: escriba la razón social para registrarlo.');
    expect(await award.getByLabel('Cantidad adjudicada').inputValue()).toBe(first.quantity);
    await award.getByLabel('Precio unitario adjudicado (S/)').fill('2.1');
    await expect.poll(() => textOf(award.getByTestId('award-typed-amount'))).toBe('Monto adjudicado: S/ 2,100.00 · referencia S/ 2,500.00');
    // A new RUC needs the supplier's name.
    await award.getByRole('button', { name: 'Guardar adjudicación' }).click();
    await expect.poll(() => award.getByLabel('Razón social del proveedor').getAttribute('aria-invalid')).toBe('true');
    await award.getByLabel('Razón social del proveedor').fill('Laboratorio Nuevo S.A.');
    await award.getByRole('button', { name: 'Guardar adjudicación' }).click();
    await award.waitFor({ state: 'detached' });
    await expect.poll(() => textOf(firstRow.getByTestId('awarded-amount'))).toBe('S/ 2,100.00');
    expect(await textOf(firstRow.getByTestId('supplier'))).toContain('Laboratorio Nuevo S.A.');
    // The keyboard is back on the row's button, which now changes the award.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toContain(`Cambiar la adjudicación de ${first.item.code}`);

    await awardLine(page, second.item.code, { ruc: KNOWN_RUC, price: '9.5' });
    await expect.poll(() => textOf(page.getByTestId(`process-line-${second.item.code}`).getByTestId('awarded-amount'))).toBe('S/ 1,900.00');

    await page.getByRole('button', { name: 'Adjudicar (buena pro)' }).click();
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Adjudicado');
    await expect.poll(() => textOf(page.getByTestId('process-awarded'))).toBe('S/ 4,000.00');
    await expect.poll(() => textOf(page.getByTestId('process-saving'))).toBe('S/ 500.00 (11.11 %)');

    // The saving, on the programme's processes page.
    await page.getByRole('link', { name: `Procesos de ${programme.name}` }).first().click();
    const totals = page.getByTestId('savings-totals');
    await expect.poll(() => textOf(totals.getByTestId('savings-total-saving'))).toBe('S/ 500.00');
    expect(await textOf(totals.getByTestId('savings-total-percent'))).toBe('11.11 %');
    const byType = page.getByTestId('savings-by-type-conventional');
    expect(await textOf(byType.getByTestId('saving'))).toBe('S/ 500.00');
    expect(await textOf(byType.getByTestId('percent'))).toBe('11.11 %');
    // The OCDS file of the programme: one release per process, this one awarded.
    const ocdsHref = await page.getByTestId('ocds-download').getAttribute('href');
    expect(ocdsHref).toBe(`/api/programmes/${programme.id}/ocds`);
    const ocds = (await (await session.browser.request.get(`${session.baseUrl}${ocdsHref}`)).json()) as { releases: { tender: { id: string }; awards?: unknown[] }[] };
    expect(ocds.releases).toHaveLength(2);
    expect(ocds.releases.find((release) => release.tender.id === 'SIE-012-2026-ESSALUD')?.awards?.length).toBeGreaterThan(0);
    await page.getByTestId('savings-chart').waitFor();
    expect(await page.getByTestId('savings-chart').getAttribute('aria-label')).toContain('Proceso convencional: referencia S/ 4,500.00, adjudicado S/ 4,000.00, ahorro S/ 500.00 (11.11 %)');

    // On to the contract: the timeline names each step and who took it.
    await page.getByRole('link', { name: 'SIE-012-2026-ESSALUD' }).first().click();
    await page.getByRole('button', { name: 'Consentir la buena pro' }).click();
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Consentido');
    await page.getByRole('button', { name: 'Registrar el contrato' }).click();
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Contratado');
    const steps = page.getByTestId('process-timeline').getByRole('listitem');
    await expect.poll(() => steps.count()).toBe(5);
    expect(await textOf(steps.nth(0))).toContain('Creado como Programado');
    expect(await textOf(steps.nth(1))).toContain('Programado → Convocado');
    expect(await textOf(steps.nth(4))).toContain('Consentido → Contratado');
    expect(await textOf(steps.nth(4))).toContain(users.logistics.username);
    expect(await textOf(page.getByTestId('process-dates'))).not.toContain('—');
    expect(await page.getByRole('button', { name: /Declarar nulo/ }).count()).toBe(0);

    // The supplier's page, from the award row.
    await page.getByTestId(`process-line-${first.item.code}`).getByRole('link', { name: 'Laboratorio Nuevo S.A.' }).click();
    await page.getByRole('heading', { name: 'Laboratorio Nuevo S.A.' }).waitFor();
    expect(await textOf(page.getByTestId('supplier-summary'))).toBe(`RUC ${NEW_RUC} · 1 línea adjudicada por S/ 2,100.00`);
    const awards = page.getByTestId('supplier-awards');
    expect(await textOf(awards)).toContain('SIE-012-2026-ESSALUD');
    expect(await textOf(awards)).toContain(first.item.code);
    await page.getByRole('link', { name: 'Proveedores' }).first().click();
    await page.getByTestId('suppliers-search').fill(NEW_RUC);
    await expect.poll(() => textOf(page.getByTestId('suppliers-total'))).toBe('1 proveedor');
    expect(await textOf(page.getByTestId('suppliers-table'))).toContain('S/ 2,100.00');
    await session.closePage(page);
  });

  it('when an officer releases a line and then declares the called process void, then each asks first, and the lines return to "No asignado"; a viewer sees no status buttons', async () => {
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      lines: [
        { channel: 'essalud', process: 'reverse_auction', quantity: '10', unitPrice: '3.0000' },
        { channel: 'essalud', process: 'reverse_auction', quantity: '4', unitPrice: '5.0000' },
      ],
    });
    const [line, released] = lines as [PurchaseLineDto, PurchaseLineDto];
    const process = await createTestProcess(session.testApp.db, programme, { code: 'SI-002-2026', title: 'Subasta que se anula' });
    await assignTestLines(session.testApp.db, process, [line, released]);
    await setTestProcessStatus(session.testApp.db, process, 'convocado');
    await signInAs(users.logistics);

    const page = await session.openPage(`/procesos/${process.id}`, wide);
    const releasedRow = page.getByTestId(`process-line-${released.item.code}`);
    await releasedRow.getByRole('button', { name: `Liberar ${released.item.code}`, exact: false }).click();
    await releasedRow.getByRole('button', { name: 'Confirmar: liberar' }).click();
    await releasedRow.waitFor({ state: 'detached' });
    await expect.poll(() => textOf(page.getByTestId('process-reference'))).toBe('S/ 30.00');
    expect((await linesOnServer(programme.id)).find((candidate) => candidate.id === released.id)!.procurementProcess).toBeNull();

    await page.getByRole('button', { name: 'Declarar nulo' }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await textOf(confirm)).toContain('su línea vuelve a «No asignado»');
    await confirm.getByRole('button', { name: 'Sí, declarar nulo' }).click();
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Nulo');
    expect(await textOf(page.getByTestId('process-ended'))).toBe('El proceso está nulo: su línea volvió a «No asignado».');
    expect((await linesOnServer(programme.id)).every((candidate) => candidate.procurementProcess === null)).toBe(true);
    await page.getByRole('link', { name: 'Líneas del plan' }).click();
    await expect.poll(() => textOf(gridRow(page, line.item.code).getByTestId('line-process'))).toBe('No asignado');
    await session.closePage(page);

    await signInAs(users.viewer);
    const viewerPage = await session.openPage(`/procesos/${process.id}`, wide);
    await viewerPage.getByTestId('process-status').waitFor();
    expect(await viewerPage.getByRole('group', { name: 'Cambiar el estado del proceso' }).count()).toBe(0);
    await viewerPage.goto(`${session.baseUrl}/programas/${programme.id}/procesos`);
    await viewerPage.getByTestId('processes-table').waitFor();
    expect(await viewerPage.getByRole('button', { name: 'Nuevo proceso' }).count()).toBe(0);
    await session.closePage(viewerPage);
  });

  it('when the programme is approved, then its lines still join a process from the grid (and move no other way), and Enter on a line’s process opens it', async () => {
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      lines: [{ channel: 'essalud', process: 'reverse_auction', quantity: '10', unitPrice: '1.0000' }],
    });
    const [line] = lines as [PurchaseLineDto];
    await setTestProgrammeStatus(session.testApp.db, programme, 'approved');
    const process = await createTestProcess(session.testApp.db, programme, { code: 'SI-005-2026' });
    await signInAs(users.logistics);

    const page = await session.openPage(`/programas/${programme.id}/planificar`, wide);
    await page.getByTestId('planning-grid').waitFor();
    await page.getByRole('checkbox', { name: `Seleccionar ${line.item.code} (Compra EsSalud)` }).check();
    const bulk = page.getByTestId('bulk-bar');
    expect(await bulk.getByRole('button', { name: 'Mover' }).count()).toBe(0);
    await bulk.getByTestId('assign-process').selectOption({ label: 'SI-005-2026 — Compra EsSalud · Subasta inversa' });
    await bulk.getByRole('button', { name: 'Asignar', exact: true }).click();
    const row = gridRow(page, line.item.code);
    await expect.poll(() => textOf(row.getByTestId('line-process'))).toBe('SI-005-2026');

    await gridCell(row, 'process').click();
    await page.keyboard.press('ArrowRight');
    expect((await focusedCell(page))?.field).toBe('procurement');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/procesos/${process.id}$`));
    await expect.poll(() => textOf(page.getByTestId('process-status'))).toBe('Programado');
    await session.closePage(page);
  });

  it('when another officer changed a line while this one enters its award, then the award is not saved, the form says so and the line shows what is stored', async () => {
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      lines: [{ channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '3.0000' }],
    });
    const [line] = lines as [PurchaseLineDto];
    const process = await createTestProcess(session.testApp.db, programme, { code: 'SIE-004-2026', type: 'conventional' });
    await assignTestLines(session.testApp.db, process, [line]);
    await setTestProcessStatus(session.testApp.db, process, 'convocado');
    await signInAs(users.logistics);

    const page = await session.openPage(`/procesos/${process.id}`, { ...wide, expectedStatuses: [401, 409] });
    const row = page.getByTestId(`process-line-${line.item.code}`);
    await row.getByRole('button', { name: `Adjudicar de ${line.item.code}`, exact: false }).click();
    const award = page.getByTestId('award-form');
    await award.getByLabel('RUC del proveedor').fill('20131257750');
    await award.getByLabel('Razón social del proveedor').fill('Proveedor de prueba');
    await award.getByLabel('Precio unitario adjudicado (S/)').fill('2.9');
    // Meanwhile, another officer sets the reference price.
    await api('patch', `/processes/${process.id}/lines/${line.id}`, { referenceUnitPrice: '3.5' });
    await award.getByRole('button', { name: 'Guardar adjudicación' }).click();
    await expect.poll(() => textOf(award.getByTestId('award-error'))).toContain('Otra persona cambió esta línea');
    await expect.poll(() => textOf(row.getByTestId('reference-price'))).toContain('3.5000');
    expect(await textOf(row.getByTestId('awarded-amount'))).toBe('—');
    await session.closePage(page);
  });

  it('when an award is above the reference, then the saving reads negative, as it is, and marked so', async () => {
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      lines: [{ channel: 'essalud', process: 'unscheduled', quantity: '100', unitPrice: '1.0000' }],
    });
    const [line] = lines as [PurchaseLineDto];
    const process = await createTestProcess(session.testApp.db, programme, { code: 'NP-003-2026', type: 'unscheduled' });
    await assignTestLines(session.testApp.db, process, [line]);
    await setTestProcessStatus(session.testApp.db, process, 'convocado');
    // 100 × 1.25 = 125.00 against 100.00: a saving of −25.00, −25.00 %.
    await awardTestLine(session.testApp.db, process, line, { awardedUnitPrice: '1.2500' });
    await signInAs(users.logistics);

    const page = await session.openPage(`/programas/${programme.id}/procesos`, wide);
    const totals = page.getByTestId('savings-totals');
    await expect.poll(() => textOf(totals.getByTestId('savings-total-saving'))).toBe('-S/ 25.00 (sobre la referencia)');
    expect(await textOf(totals.getByTestId('savings-total-percent'))).toBe('−25.00 %');
    expect(await totals.getByTestId('savings-total-saving').getAttribute('class')).toContain('saving--negative');
    await session.closePage(page);
  });
});
