// The programme page's coverage sentence once an item has no purchase line, in a real browser
// (Debian's Chromium via playwright-core), on a programme of three centralized items: one bought
// through both channels, one by EsSalud alone, one by MINSA with an unscheduled EsSalud line too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItems, createTestProgramme } from '../support/factories.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let pharmacy: Credentials;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ pharmacy } = await createTestUsers(session.testApp));
  const [both, essaludOnly, minsaPlus] = await createTestItems(session.testApp.db, [
    { code: 'COB-AMBOS', dci: 'Paclitaxel', strength: '6 mg/mL', dosageForm: 'inyectable' },
    { code: 'COB-ESSALUD' },
    { code: 'COB-MINSA' },
  ]);
  const minsa = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' } as const;
  await createTestProgramme(session.testApp.db, {
    name: 'Compra 2026',
    lines: [
      { ...minsa, item: both },
      { channel: 'essalud', process: 'conventional', item: both },
      { channel: 'essalud', process: 'conventional', item: essaludOnly },
      { ...minsa, item: minsaPlus },
      { channel: 'essalud', process: 'unscheduled', item: minsaPlus },
    ],
  });
});

afterAll(() => session?.close());

describe('The coverage sentence', () => {
  it('when a centralized item without purchase lines is added, then the sentence counts the 5 lines for the 3 covered items, says why there are more, and names the uncovered one apart', async () => {
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
    expect(((await sentence.textContent()) ?? '').trim()).toBe(
      '5 líneas de compra para 3 ítems cubiertos del suministro centralizado: 1 ítem se compra por ambos canales ' +
        '(COB-AMBOS Paclitaxel 6 mg/mL inyectable). Otra línea es una compra no programada de un ítem que también se compra ' +
        'por el otro canal. 1 ítem no tiene línea de compra.',
    );
    expect(((await page.getByTestId('coverage-items-centralized').textContent()) ?? '').trim()).toBe('4');

    await session.closePage(page);
  });
});
