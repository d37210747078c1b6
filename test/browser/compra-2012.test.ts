// Compra 2012, the Petitorio and the budget of the demo data in a real browser (Debian's Chromium
// via playwright-core), on the demo database (as is planning-compra-2013.test.ts, which plans from it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestUsers } from '../support/test-app.ts';

let session: BrowserSession;

beforeAll(async () => {
  session = await startBrowserSession({ demo: true });
  // Signed in as a read-only user; signing in through the form is tested in roles.test.ts.
  const { viewer } = await createTestUsers(session.testApp);
  const signIn = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: viewer });
  expect(signIn.status()).toBe(200);
});

afterAll(() => session?.close());

const openPage = (path: string, viewport?: { width: number; height: number }) => session.openPage(path, { viewport });
const closePage = (page: Parameters<BrowserSession['closePage']>[0]) => session.closePage(page);

describe('Compra 2012 in the browser', () => {
  it('when a user opens the app, then Compra 2012 shows the grand total S/ 622,729,321.01', async () => {
    const page = await openPage('/');
    const total = page.getByTestId('grand-total-amount');
    await total.waitFor();
    expect((await total.textContent())?.trim()).toBe('S/ 622,729,321.01');
    expect((await page.getByTestId('grand-total-items').textContent())?.trim()).toBe('667');
    await expect.poll(() => page.getByText('S/ 207,771,443.11').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('S/ 414,957,877.90').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('demo-banner').textContent()).toContain('Datos de demostración');
    await closePage(page);
  });

  it('when a user filters the lines by channel and sorts by amount, then the table and the URL follow', async () => {
    const page = await openPage('/');
    const count = page.getByTestId('lines-total');
    await expect.poll(async () => (await count.textContent()) ?? '').toContain('667');
    await page.getByLabel('Canal').selectOption('essalud');
    await expect.poll(async () => (await count.textContent()) ?? '').toContain('321');
    await page.getByRole('button', { name: /Monto \(S\/\)/ }).last().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('orden')).toBe('amount');
    const firstRowText = await page.locator('.purchase-lines tbody tr').first().textContent();
    expect(firstRowText).toContain('Compra EsSalud');
    await closePage(page);
  });

  it('when a user opens the Petitorio, then the supply lists show 666 and 253 and a search finds accented names', async () => {
    const page = await openPage('/petitorio', { width: 1920, height: 1080 });
    const centralized = page.getByTestId('supply-list-count-centralized');
    await centralized.waitFor();
    await expect.poll(async () => (await centralized.textContent()) ?? '').toContain('666');
    expect(await page.getByTestId('supply-list-count-local').textContent()).toContain('253');
    await page.getByLabel(/buscar/i).fill('acido');
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Ácido' }).count()).toBeGreaterThan(0);
    await closePage(page);
  });

  it('when a user opens Presupuesto, then the 2011 total is S/ 1,034,468,320.34', async () => {
    const page = await openPage('/presupuesto');
    await expect.poll(() => page.getByText('S/ 1,034,468,320.34').count()).toBe(1);
    await closePage(page);
  });
});
