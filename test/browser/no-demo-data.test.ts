// Without the demo data (as with ABASTECE_DEMO_DATA=false) the UI states no demo fact: Presupuesto
// names neither a year nor a source, and "Nuevo ítem" suggests the therapeutic groups of the
// formulary there is, which this test arranges through the API.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestProgramme } from '../support/factories.ts';
import { createTestUsers } from '../support/test-app.ts';

let session: BrowserSession;

beforeAll(async () => {
  session = await startBrowserSession();
  // What an empty start leaves: no formulary, no programme, no budget, no source document.
  const { db } = session.testApp;
  await db.deleteFrom('purchase_lines').execute();
  await db.deleteFrom('declared_figures').execute();
  await db.deleteFrom('budgets').execute();
  await db.deleteFrom('programmes').execute();
  await db.deleteFrom('items').execute();
  await db.deleteFrom('source_documents').execute();
  const { pharmacy } = await createTestUsers(session.testApp);
  const signIn = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: pharmacy });
  expect(signIn.status()).toBe(200);
});

afterAll(() => session?.close());

const textOf = async (page: Page) => (await page.locator('body').textContent()) ?? '';

describe('Without demo data, in the browser', () => {
  it('when there are no budgets, then Presupuesto says so and names no fiscal year and no source', async () => {
    const page = await session.openPage('/presupuesto');
    const none = page.getByTestId('budget-none');
    await none.waitFor();
    expect((await none.textContent())?.trim()).toBe('No hay presupuestos registrados.');
    expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Presupuesto de materiales estratégicos');
    expect(await page.getByTestId('budget-table').count()).toBe(0);
    const text = await textOf(page);
    expect(text).not.toContain('2011');
    expect(text).not.toContain('SAP');
    expect(await page.getByTestId('demo-banner').count()).toBe(0);
    await session.closePage(page);
  });

  it('when the formulary holds only items the test created, then "Nuevo ítem" suggests exactly their therapeutic groups, in Spanish order', async () => {
    const groups = ['Sistema nervioso', 'Ñame de prueba', 'Antiinfecciosos', 'Órganos de los sentidos', 'Antiinfecciosos'];
    for (const [index, therapeuticGroup] of groups.entries()) {
      const created = await session.browser.request.post(`${session.baseUrl}/api/items`, {
        data: {
          code: `SUG-${index + 1}`,
          dci: `Producto de sugerencia ${index + 1}`,
          strength: '10 mg',
          dosageForm: 'Tableta',
          supplyList: 'local',
          therapeuticGroup,
          ven: 'essential',
          oncology: false,
        },
      });
      expect(created.status()).toBe(201);
    }

    const page = await session.openPage('/petitorio');
    await page.getByRole('button', { name: 'Nuevo ítem' }).click();
    const form = page.getByTestId('item-create-form');
    const listId = await form.getByLabel('Grupo terapéutico').getAttribute('list');
    const suggestions = () => page.locator(`datalist[id="${listId}"] option`).evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
    await expect.poll(suggestions).toEqual(['Antiinfecciosos', 'Ñame de prueba', 'Órganos de los sentidos', 'Sistema nervioso']);
    await session.closePage(page);
  });

  it('when the only programme is an ordinary one, then it opens without the demo banner', async () => {
    const { programme } = await createTestProgramme(session.testApp.db, { name: 'Compra sin demostración' });
    try {
      const page = await session.openPage('/');
      await page.getByTestId('grand-total-amount').waitFor();
      expect((await page.getByRole('heading', { level: 1 }).textContent())?.trim()).toBe('Compra sin demostración');
      expect(await page.getByTestId('demo-banner').count()).toBe(0);
      await session.closePage(page);
    } finally {
      await session.testApp.db.deleteFrom('programmes').where('id', '=', programme.id).execute();
    }
  });
});
