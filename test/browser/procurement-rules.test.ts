// Process rules in a real browser, on their own data: an administrator sets a year's rules (a
// maximum below the minimum is refused on its field), a stale save says another person changed
// them; a logistics officer reads them only; a line that breaks a rule is flagged in the planning
// grid with the reason, and can still be edited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PurchaseLineDto } from '../../shared/api.ts';
import type { ProcessRulesDto } from '../../shared/procurement-api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItem, createTestProgramme } from '../support/factories.ts';
import { gridCell, gridRow, textOf } from '../support/planning-grid.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let users: Record<'admin' | 'logistics', Credentials>;

beforeAll(async () => {
  session = await startBrowserSession();
  users = await createTestUsers(session.testApp);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

async function rulesOnServer(fiscalYear: number): Promise<ProcessRulesDto> {
  return (await (await session.browser.request.get(`${session.baseUrl}/api/process-rules/${fiscalYear}`)).json()) as ProcessRulesDto;
}

describe('Process rules', () => {
  it('when an administrator sets a year’s rules, then a maximum below the minimum is refused on its field, the rules are saved, and a stale save says another person changed them; a logistics officer only reads them', async () => {
    await signInAs(users.admin);
    // The stale save's 409 is an answer the page expects.
    const page = await session.openPage('/reglas-de-proceso?anio=2026', { expectedStatuses: [401, 409] });
    const form = page.getByTestId('rules-form');
    await form.waitFor();
    expect(await textOf(form)).toContain('El año todavía no tiene reglas propias');
    await form.getByLabel('Bienes comunes por subasta inversa').check();
    await form.getByLabel('Mínimo de Proceso convencional').fill('5000');
    await form.getByLabel('Máximo de Proceso convencional').fill('1000');
    await form.getByRole('button', { name: 'Guardar reglas' }).click();
    await expect.poll(() => form.getByLabel('Máximo de Proceso convencional').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(form)).toContain('El máximo no puede ser menor que el mínimo');
    expect((await rulesOnServer(2026)).version).toBeNull();

    await form.getByLabel('Máximo de Proceso convencional').fill('900,000.50');
    await form.getByRole('button', { name: 'Guardar reglas' }).click();
    await expect.poll(() => textOf(page.getByTestId('rules-saved'))).toBe('Reglas de 2026 guardadas.');
    const saved = await rulesOnServer(2026);
    expect(saved.commonGoodsByReverseAuction).toBe(true);
    expect(saved.thresholds.find((threshold) => threshold.type === 'conventional')).toEqual({ type: 'conventional', minValue: '5000.00', maxValue: '900000.50' });
    await expect.poll(() => form.getByLabel('Máximo de Proceso convencional').inputValue()).toBe('900000.50');

    // Someone else saves first: this save is refused, and the form shows what is stored now.
    const theirs = await session.browser.request.put(`${session.baseUrl}/api/process-rules/2026`, {
      data: { version: saved.version, commonGoodsByReverseAuction: false, thresholds: [] },
    });
    expect(theirs.status()).toBe(200);
    await form.getByLabel('Mínimo de Subasta inversa').fill('100');
    await form.getByRole('button', { name: 'Guardar reglas' }).click();
    await expect.poll(() => textOf(page.getByTestId('rules-conflict'))).toContain('Otra persona cambió las reglas de este año');
    await expect.poll(() => form.getByLabel('Bienes comunes por subasta inversa').isChecked()).toBe(false);
    expect((await rulesOnServer(2026)).commonGoodsByReverseAuction).toBe(false);
    await session.closePage(page);

    await signInAs(users.logistics);
    const readPage = await session.openPage('/reglas-de-proceso?anio=2026');
    const view = readPage.getByTestId('rules-view');
    await view.waitFor();
    expect(await textOf(view)).toContain('Bienes comunes por subasta inversa: No');
    expect(await readPage.getByRole('button', { name: 'Guardar reglas' }).count()).toBe(0);
    await session.closePage(readPage);
  });

  it('when a line of a common good goes by conventional process, then the grid flags it with the reason, and it can still be edited', async () => {
    await signInAs(users.admin);
    const put = await session.browser.request.put(`${session.baseUrl}/api/process-rules/2027`, {
      data: { commonGoodsByReverseAuction: true, thresholds: [] },
    });
    expect(put.status()).toBe(201);
    const commonGood = await createTestItem(session.testApp.db, { commonGoodSheet: 'FT-0123' });
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      fiscalYear: 2027,
      lines: [
        { item: commonGood, channel: 'essalud', process: 'conventional', quantity: '10', unitPrice: '2.0000' },
        { channel: 'essalud', process: 'conventional', quantity: '5', unitPrice: '1.0000' },
      ],
    });
    const [flagged, clean] = lines as [PurchaseLineDto, PurchaseLineDto];

    await signInAs(users.logistics);
    const page = await session.openPage(`/programas/${programme.id}/planificar`, { viewport: { width: 1600, height: 1000 } });
    const row = gridRow(page, flagged.item.code);
    const flag = row.getByTestId('rule-flag');
    await flag.waitFor();
    expect(await flag.getAttribute('title')).toContain(`El ítem ${flagged.item.code} es bien común (ficha FT-0123)`);
    expect(await flag.getAttribute('aria-label')).toContain('Incumple una regla de proceso');
    expect(await gridRow(page, clean.item.code).getByTestId('rule-flag').count()).toBe(0);

    // The flag does not block: the quantity changes and is saved.
    await gridCell(row, 'quantity').dblclick();
    await page.locator('.cell-editor').fill('12');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(gridCell(row, 'amount'))).toBe('24.00');
    await expect
      .poll(async () => {
        const answer = await session.browser.request.get(`${session.baseUrl}/api/programmes/${programme.id}/lines`);
        return ((await answer.json()) as { lines: PurchaseLineDto[] }).lines.find((line) => line.id === flagged.id)?.quantity;
      })
      .toMatch(/^12(\.0+)?$/);
    await session.closePage(page);
  });
});
