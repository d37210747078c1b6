// A programme whose source document declares an amount its lines do not add up to, in a real
// browser (Debian's Chromium via playwright-core): the purchases table shows where, and by how much.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgrammeDto } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createDisagreeingSource, createTestProgramme } from '../support/factories.ts';
import { createTestUsers } from '../support/test-app.ts';

let session: BrowserSession;
let programme: ProgrammeDto;

beforeAll(async () => {
  session = await startBrowserSession();
  const { finance } = await createTestUsers(session.testApp);
  expect((await session.browser.request.post(`${session.baseUrl}/api/session`, { data: finance })).status()).toBe(200);
  // The MINSA line: 1,200 × S/ 0.45 = S/ 540.00, declared as S/ 552.50.
  ({ programme } = await createTestProgramme(session.testApp.db, { name: 'Compra 2026' }));
  await createDisagreeingSource(session.testApp.db, programme.id, '12.50');
});

afterAll(() => session?.close());

const textOf = async (page: Awaited<ReturnType<BrowserSession['openPage']>>, testId: string) =>
  ((await page.getByTestId(testId).textContent()) ?? '').trim();

describe('A declared figure that disagrees, in the browser', () => {
  it('when the programme is opened, then its row shows the declared amount beside the computed one and "Diferencia" with the amount, in Spanish; rows not declared say so', async () => {
    const page = await session.openPage(`/programas/${programme.id}`);
    const row = 'minsa_corporate.medicines.reverse_auction';
    await page.getByTestId(`summary-check-${row}`).waitFor();
    expect(await textOf(page, `summary-amount-${row}`)).toBe('S/ 540.00');
    expect(await textOf(page, `summary-declared-amount-${row}`)).toBe('S/ 552.50');
    expect(await textOf(page, `summary-check-${row}`)).toBe('✗ Diferencia: −S/ 12.50');
    expect(await textOf(page, 'summary-check-essalud.conventional')).toBe('El informe no lo publica');
    expect(await textOf(page, 'grand-total-amount')).toBe('S/ 4,243.68');
    await session.closePage(page);
  });
});
