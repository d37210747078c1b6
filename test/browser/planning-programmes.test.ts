// Programmes, budgets, comparison and the printable summary in a real browser, on their own data:
// create, rename and approve a programme (the grid then says why it is read-only), reopen as an
// administrator only, delete a draft, a ceiling below the plan warns without blocking, two programmes compared
// line by line, and the summary printed without the app's frame.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItems, createTestProgramme } from '../support/factories.ts';
import { textOf } from '../support/planning-grid.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let users: Record<'admin' | 'logistics' | 'finance' | 'viewer', Credentials>;

beforeAll(async () => {
  session = await startBrowserSession();
  users = await createTestUsers(session.testApp);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

describe('Programmes and their status', () => {
  it('when a logistics officer creates an empty programme, renames it and approves it, then the grid says it is read-only, and only an administrator may reopen it', async () => {
    await signInAs(users.logistics);
    const page = await session.openPage('/programas', { viewport: { width: 1600, height: 1000 } });
    await page.getByRole('button', { name: 'Nuevo programa' }).click();
    const form = page.getByTestId('programme-create-form');
    await form.getByLabel('Nombre', { exact: true }).fill('');
    await form.getByLabel('Año fiscal', { exact: true }).fill('1800');
    await form.getByRole('button', { name: 'Crear programa' }).click();
    await expect.poll(() => textOf(form)).toContain('Obligatorio');
    expect(await textOf(form)).toContain('Debe ser como mínimo 1990');
    await form.getByLabel('Nombre', { exact: true }).fill('Compra 2030');
    await form.getByLabel('Año fiscal', { exact: true }).fill('2030');
    await form.getByLabel('Contenido', { exact: true }).selectOption('');
    await form.getByRole('button', { name: 'Crear programa' }).click();
    await page.waitForURL(/\/programas\/\d+\/planificar$/);
    const id = Number(/\/programas\/(\d+)\//.exec(page.url())![1]);
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('0 líneas');
    expect(await textOf(page.getByTestId('planning-grid'))).toContain('El programa todavía no tiene líneas.');

    await page.goto(`${session.baseUrl}/programas`);
    const row = page.getByTestId(`programme-row-${id}`);
    await row.getByRole('button', { name: 'Cambiar nombre o año' }).click();
    await row.getByLabel('Nombre', { exact: true }).fill('Compra 2030 (ajustada)');
    await row.getByRole('button', { name: 'Guardar' }).click();
    await expect.poll(() => textOf(row.getByRole('link', { name: /Compra 2030/ }))).toBe('Compra 2030 (ajustada)');

    await row.getByRole('button', { name: 'Aprobar' }).click();
    await expect.poll(() => textOf(row.locator('.status-badge'))).toBe('Aprobado');
    expect(await row.getByRole('button', { name: /Reabrir/ }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Cerrar' }).count()).toBe(1);
    expect(await row.getByRole('button', { name: 'Eliminar' }).count()).toBe(0);

    await page.goto(`${session.baseUrl}/programas/${id}/planificar`);
    await expect
      .poll(() => textOf(page.getByTestId('planning-read-only')))
      .toBe('El programa está aprobado: un administrador debe reabrirlo para cambiar sus líneas.');
    expect(await page.getByRole('button', { name: 'Agregar línea' }).count()).toBe(0);
    await session.closePage(page);

    await signInAs(users.admin);
    const adminPage = await session.openPage('/programas');
    const adminRow = adminPage.getByTestId(`programme-row-${id}`);
    await adminRow.getByRole('button', { name: 'Reabrir como borrador' }).click();
    await expect.poll(() => textOf(adminRow.locator('.status-badge'))).toBe('Borrador');
    await session.closePage(adminPage);
  });

  it('when a logistics officer deletes a draft, then it leaves the list after a confirmation, and a viewer sees no such button', async () => {
    const { programme } = await createTestProgramme(session.testApp.db, { name: 'Borrador para eliminar' });
    await signInAs(users.logistics);
    const page = await session.openPage('/programas');
    const row = page.getByTestId(`programme-row-${programme.id}`);
    await row.getByRole('button', { name: 'Eliminar' }).click();
    await row.getByRole('button', { name: 'Confirmar eliminación' }).click();
    await expect.poll(() => row.count()).toBe(0);
    const listed = (await (await session.browser.request.get(`${session.baseUrl}/api/programmes`)).json()) as { id: number }[];
    expect(listed.some((candidate) => candidate.id === programme.id)).toBe(false);
    await session.closePage(page);

    const kept = await createTestProgramme(session.testApp.db, { name: 'Borrador que queda' });
    await signInAs(users.viewer);
    const viewerPage = await session.openPage('/programas');
    const viewerRow = viewerPage.getByTestId(`programme-row-${kept.programme.id}`);
    await viewerRow.waitFor();
    expect(await viewerRow.getByRole('button').count()).toBe(0);
    expect(await viewerPage.getByRole('button', { name: 'Nuevo programa' }).count()).toBe(0);
    await session.closePage(viewerPage);
  });

  it('when finance sets a ceiling below what a programme plans, then the budget panel warns and planning goes on; a logistics officer cannot change ceilings', async () => {
    // 100 × 2.50 + 40 × 10.1234 + 7 × 3.3333 = 250.00 + 404.94 + 23.33 = 678.27, all medicines.
    const { programme } = await createTestProgramme(session.testApp.db, {
      fiscalYear: 2031,
      lines: [
        { quantity: '100', unitPrice: '2.5000' },
        { quantity: '40', unitPrice: '10.1234', process: 'conventional' },
        { quantity: '7', unitPrice: '3.3333' },
      ],
    });
    await signInAs(users.finance);
    const page = await session.openPage(`/programas/${programme.id}/planificar`, { viewport: { width: 1600, height: 1000 } });
    const medicines = page.getByTestId('budget-medicines');
    await medicines.waitFor();
    expect(await textOf(medicines)).toContain('S/ 678.27');
    await page.getByRole('button', { name: 'Cambiar el techo de Medicinas' }).click();
    await page.getByLabel('Techo de Medicinas (S/)').fill('500.5');
    await page.getByLabel('Techo de Medicinas (S/)').press('Enter');
    await expect.poll(() => textOf(medicines.getByTestId('budget-exceeded'))).toBe('Supera el techo');
    expect(await textOf(medicines)).toContain('S/ 500.50');
    expect(await textOf(medicines)).toContain('−S/ 177.77');
    expect(await textOf(page.getByTestId('budget-panel'))).toContain('Puede seguir planificando');
    await session.closePage(page);

    await signInAs(users.logistics);
    const officer = await session.openPage(`/programas/${programme.id}/planificar`, { viewport: { width: 1600, height: 1000 } });
    await officer.getByTestId('budget-medicines').waitFor();
    await expect.poll(() => textOf(officer.getByTestId('budget-medicines'))).toContain('Supera el techo');
    expect(await officer.getByRole('button', { name: /Cambiar el techo/ }).count()).toBe(0);
    expect(await officer.getByRole('button', { name: 'Agregar línea' }).count()).toBe(1);
    await session.closePage(officer);
  });
});

describe('Comparison and printed summary', () => {
  it('when two programmes share an item with another quantity and each has one of its own, then the comparison shows one added, one removed and one changed with before → after, and the difference per channel', async () => {
    const [shared, onlyBase, onlyOther] = await createTestItems(session.testApp.db, 3);
    const base = await createTestProgramme(session.testApp.db, {
      name: 'Base comparada',
      lines: [{ item: shared!, quantity: '100' }, { item: onlyBase! }],
    });
    const other = await createTestProgramme(session.testApp.db, {
      name: 'Otro comparado',
      lines: [{ item: shared!, quantity: '120' }, { item: onlyOther! }],
    });
    await signInAs(users.logistics);
    const page = await session.openPage(`/programas/comparar?base=${base.programme.id}&otro=${other.programme.id}`, {
      viewport: { width: 1600, height: 1000 },
    });
    const title = page.locator('#compare-lines-title');
    await expect.poll(() => textOf(title)).toBe('Líneas: 1 agregadas, 1 quitadas, 1 cambiadas');
    expect(await textOf(page.getByTestId('compare-added'))).toContain(onlyOther!.code);
    expect(await textOf(page.getByTestId('compare-removed'))).toContain(onlyBase!.code);
    const changed = page.getByTestId('compare-changed');
    expect(await textOf(changed)).toContain(shared!.code);
    expect(await textOf(changed.locator('.compare-change').first())).toBe('100 → 120');
    // 120 × 2.50 − 100 × 2.50 = +S/ 50.00.
    expect(await textOf(page.getByTestId('compare-total'))).toContain('+S/ 50.00');
    await session.closePage(page);
  });

  it('when the summary is printed, then the app frame is left out and the purchases table stays', async () => {
    const { programme } = await createTestProgramme(session.testApp.db, { name: 'Para imprimir' });
    await signInAs(users.logistics);
    const page = await session.openPage(`/programas/${programme.id}/imprimir`);
    await page.getByTestId('print-summary').waitFor();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Imprimir' }).isVisible()).toBe(false);
    expect(await page.getByTestId('print-summary').isVisible()).toBe(true);
    expect(await textOf(page.getByRole('heading', { level: 1 }))).toBe('Resumen de Para imprimir');
    // 1200 × 0.45 + 300 × 12.3456 = 540.00 + 3,703.68.
    expect(await textOf(page.getByTestId('print-summary'))).toContain('S/ 4,243.68');
    await session.closePage(page);
  });
});
