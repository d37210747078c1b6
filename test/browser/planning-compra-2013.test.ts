// Planning Compra 2013 from the demo's Compra 2012 in a real browser: a logistics officer copies
// the programme, edits a quantity with the keyboard, sees the amount and the totals follow,
// meets another officer's change to the same line and keeps their own, and exports the lines to
// XLSX.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import { addMoney, formatAmount, formatMoney, lineAmount, subtractMoney } from '../../shared/money.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { cellEditor, focusedCell, gridCell, gridRow, textOf } from '../support/planning-grid.ts';
import { createTestUsers, signedIn } from '../support/test-app.ts';

let session: BrowserSession;
let downloads: string;

beforeAll(async () => {
  session = await startBrowserSession({ demo: true });
  const { logistics } = await createTestUsers(session.testApp);
  const signIn = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: logistics });
  expect(signIn.status()).toBe(200);
  downloads = mkdtempSync(join(tmpdir(), 'abastece-planning-'));
});

afterAll(async () => {
  await session?.close();
  if (downloads) rmSync(downloads, { recursive: true, force: true });
});

describe('Planning Compra 2013 in the browser', () => {
  it('when a logistics officer copies Compra 2012, edits a quantity with the keyboard, meets a change made meanwhile and exports XLSX, then amount, totals, conflict and file agree', async () => {
    // The 409 of the conflict is an answer the page expects.
    const page = await session.openPage('/programas', { viewport: { width: 1600, height: 1000 }, expectedStatuses: [401, 409] });

    // Copy Compra 2012 as Compra 2013.
    await page.getByRole('button', { name: 'Nuevo programa' }).click();
    const form = page.getByTestId('programme-create-form');
    await form.getByLabel('Nombre', { exact: true }).fill('Compra 2013');
    await form.getByLabel('Año fiscal', { exact: true }).fill('2013');
    await form.getByLabel('Contenido', { exact: true }).selectOption({ label: 'Copia de Compra 2012' });
    await form.getByRole('button', { name: 'Crear programa' }).click();
    await page.waitForURL(/\/programas\/\d+\/planificar$/);
    const programmeId = Number(/\/programas\/(\d+)\//.exec(page.url())![1]);
    expect(await textOf(page.getByTestId('programme-status'))).toBe('Borrador');
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('667 líneas');
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 622,729,321.01');

    // A priced EsSalud line of the copy.
    const api = session.browser.request;
    const listed = (await (
      await api.get(`${session.baseUrl}/api/programmes/${programmeId}/lines?channel=essalud&process=reverse_auction&pageSize=1`)
    ).json()) as LinesPage;
    const line = listed.lines[0]!;
    expect(line.quantity).not.toBeNull();
    const price = line.unitPrice!;
    const essaludBefore = await textOf(page.getByTestId('planning-channel-total-essalud'));

    // Find it, then reach its quantity with the keyboard: from the code cell, six cells right (past the selection process).
    await page.getByTestId('planning-search').fill(line.item.code);
    const row = gridRow(page, line.item.code);
    await row.waitFor();
    await gridCell(row, 'code').click();
    for (let step = 0; step < 6; step++) await page.keyboard.press('ArrowRight');
    expect((await focusedCell(page))?.field).toBe('quantity');
    await page.keyboard.press('Enter');
    await cellEditor(page).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('12345.5');
    // The amount while typing: shared lineAmount, what the server will store.
    const typedAmount = lineAmount('12345.5', price);
    await expect.poll(() => textOf(gridCell(row, 'amount'))).toBe(formatAmount(typedAmount));
    await page.keyboard.press('Enter');
    expect(await cellEditor(page).count()).toBe(0);
    expect((await focusedCell(page))?.field).toBe('quantity');

    const newTotal = addMoney(subtractMoney('622729321.01', line.amount!), typedAmount);
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe(formatMoney(newTotal));
    await expect.poll(() => textOf(page.getByTestId('planning-channel-total-essalud'))).not.toBe(essaludBefore);
    await expect.poll(async () => (await lineOnServer(programmeId, line.id)).quantity).toBe('12345.5000');

    // Another officer changes the same line meanwhile (on the version the grid holds too).
    const saved = await lineOnServer(programmeId, line.id);
    const other = await signedIn(session.testApp, 'admin');
    await other.patch(`/api/programmes/${programmeId}/lines/${line.id}`).send({ version: saved.version, quantity: '777' }).expect(200);

    // This officer edits it again: the server refuses the stale version, the row shows both.
    await page.keyboard.press('Enter');
    await cellEditor(page).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('888');
    await page.keyboard.press('Enter');
    const conflict = row.getByTestId('line-conflict');
    await conflict.waitFor();
    expect(await textOf(conflict.getByTestId('conflict-mine'))).toContain('cantidad 888');
    expect(await textOf(conflict.getByTestId('conflict-theirs'))).toContain('cantidad 777');
    // Until resolved, the row shows what is stored, and so do the totals.
    await expect.poll(() => textOf(gridCell(row, 'quantity'))).toBe('777');
    await expect
      .poll(() => textOf(page.getByTestId('planning-grand-total')))
      .toBe(formatMoney(addMoney(subtractMoney('622729321.01', line.amount!), lineAmount('777', price))));

    // Keep mine: sent again on the version now stored.
    await conflict.getByRole('button', { name: 'Mantener el mío' }).click();
    await expect.poll(() => row.getByTestId('line-conflict').count()).toBe(0);
    await expect.poll(async () => (await lineOnServer(programmeId, line.id)).quantity).toBe('888.0000');
    const finalTotal = addMoney(subtractMoney('622729321.01', line.amount!), lineAmount('888', price));
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe(formatMoney(finalTotal));
    expect(await textOf(gridCell(row, 'amount'))).toBe(formatAmount(lineAmount('888', price)));

    // Compra 2012 is untouched.
    const original = (await (await api.get(`${session.baseUrl}/api/programmes/1/summary`)).json()) as { totals: { amount: string } };
    expect(original.totals.amount).toBe('622729321.01');

    // Export the lines to XLSX: the edited line and the total as numbers.
    await page.getByTestId('planning-search').fill('');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-lines-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`programa-${programmeId}-lineas.xlsx`);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (rowNumber: number) => (sheet.getRow(rowNumber).values as unknown[]).slice(1);
    const rows = Array.from({ length: sheet.rowCount }, (_, index) => values(index + 1));
    const edited = rows.find((cells) => cells[0] === line.item.code && cells.some((cell) => cell === 'Compra EsSalud'));
    expect(edited).toBeDefined();
    expect(edited).toContain(888);
    const totalRow = rows.find((cells) => cells.includes('Total'));
    expect(totalRow?.at(-1)).toBe(Number(finalTotal));

    await session.closePage(page);
  });
});

async function lineOnServer(programmeId: number, lineId: number): Promise<PurchaseLineDto> {
  const answer = await session.browser.request.get(`${session.baseUrl}/api/programmes/${programmeId}/lines?pageSize=1000`);
  const { lines } = (await answer.json()) as LinesPage;
  return lines.find((candidate) => candidate.id === lineId)!;
}
