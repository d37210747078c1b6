// The programme page's coverage sentence once an item has no purchase line, in a real browser
// (Debian's Chromium via playwright-core).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let pharmacy: Credentials;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ pharmacy } = await createTestUsers(session.testApp));
});

afterAll(() => session?.close());

describe('The coverage sentence', () => {
  it('when a centralized item without purchase lines is added, then the sentence counts the 667 lines for the 666 covered items and names the uncovered one apart', async () => {
    const page = await session.openPage('/');
    await page.getByRole('heading', { name: 'Ingresar a Abastece' }).waitFor();
    await page.getByLabel('Usuario', { exact: true }).fill(pharmacy.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(pharmacy.password);
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await page.getByTestId('account-name').waitFor();

    const created = await session.browser.request.post(`${session.baseUrl}/api/items`, {
      data: {
        code: 'SIN-LINEA-1',
        dci: 'Ítem sin línea de compra',
        strength: '1 mg',
        dosageForm: 'Tableta',
        supplyList: 'centralized',
        therapeuticGroup: 'Varios',
        ven: 'essential',
        oncology: false,
      },
    });
    expect(created.status()).toBe(201);

    await page.reload();
    const sentence = page.getByTestId('coverage-sentence-centralized');
    await sentence.waitFor();
    expect(((await sentence.textContent()) ?? '').trim()).toMatch(
      /^667 líneas de compra para 666 ítems cubiertos del suministro centralizado: 1 ítem se compra por ambos canales \(.+\)\. 1 ítem no tiene línea de compra\.$/,
    );
    expect(((await page.getByTestId('coverage-items-centralized').textContent()) ?? '').trim()).toBe('667');

    await session.closePage(page);
  });
});
