// The planning grid on its own data in a real browser: the keyboard model (arrows, Tab, Enter,
// Esc, Space, Ctrl+Z), Spanish validation messages on the cell from the shared schema, the amount
// while typing, segment rules when a line changes channel, another officer's change taken over
// one's own, adding an item found without accents, deleting and undoing, filters and order kept
// in the URL, bulk moves, and a read-only view for other roles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto, LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import { formatAmount, lineAmount } from '../../shared/money.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItem, createTestProgramme, type TestProgramme } from '../support/factories.ts';
import { cellEditor, focusedCell, gridCell, gridRow, textOf } from '../support/planning-grid.ts';
import { createTestUsers, signedIn, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let logistics: Credentials;
let viewer: Credentials;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ logistics, viewer } = await createTestUsers(session.testApp));
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

async function openGrid(programmeId: number, query = '') {
  const page = await session.openPage(`/programas/${programmeId}/planificar${query}`, { viewport: { width: 1600, height: 1000 } });
  await page.getByTestId('planning-grid').waitFor();
  return page;
}

async function linesOnServer(programmeId: number): Promise<PurchaseLineDto[]> {
  const answer = await session.browser.request.get(`${session.baseUrl}/api/programmes/${programmeId}/lines?pageSize=1000`);
  return ((await answer.json()) as LinesPage).lines;
}

/** Three EsSalud lines by default: 100 × S/ 2.50 each, items PRB-… in code order. */
async function programmeWithLines(): Promise<TestProgramme> {
  return createTestProgramme(session.testApp.db, {
    lines: [
      { quantity: '100', unitPrice: '2.5000' },
      { quantity: '40', unitPrice: '10.1234', process: 'conventional' },
      { quantity: '7', unitPrice: '3.3333' },
    ],
  });
}

describe('Planning grid: keyboard and validation', () => {
  it('when an officer moves with arrows and Tab, edits with Enter, types invalid figures and presses Esc, then focus follows, the cell says what is wrong in Spanish and nothing is sent', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const [first, second] = lines as [PurchaseLineDto, PurchaseLineDto];
    const page = await openGrid(programme.id);
    const row = gridRow(page, first.item.code);

    await gridCell(row, 'code').click();
    expect(await focusedCell(page)).toEqual({ line: String(first.id), field: 'code' });
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toEqual({ line: String(second.id), field: 'code' });
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Tab');
    expect((await focusedCell(page))?.field).toBe('name');
    await page.keyboard.press('Shift+Tab');
    expect((await focusedCell(page))?.field).toBe('code');
    await page.keyboard.press('End');
    expect((await focusedCell(page))?.field).toBe('amount');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect((await focusedCell(page))?.field).toBe('quantity');

    // Letters are no quantity: the message stays on the cell and the editor stays open.
    await page.keyboard.press('Enter');
    const editor = cellEditor(page);
    await editor.waitFor();
    expect(await editor.getAttribute('aria-label')).toBe(`Cantidad de ${first.item.code}`);
    await editor.fill('diez');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(row.getByTestId('cell-error'))).toBe('Escriba un número con punto decimal y a lo sumo 4 decimales');
    expect(await editor.getAttribute('aria-invalid')).toBe('true');
    await editor.fill('0');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(row.getByTestId('cell-error'))).toBe('La cantidad debe ser mayor que cero');
    await editor.fill('1.23456');
    await page.keyboard.press('Tab');
    await expect.poll(() => textOf(row.getByTestId('cell-error'))).toBe('Escriba un número con punto decimal y a lo sumo 4 decimales');

    // While typing a valid figure the amount follows; Esc drops it all.
    await editor.fill('3');
    await expect.poll(() => textOf(gridCell(row, 'amount'))).toBe(formatAmount(lineAmount('3', '2.5000')));
    await page.keyboard.press('Escape');
    expect(await cellEditor(page).count()).toBe(0);
    expect(await focusedCell(page)).toEqual({ line: String(first.id), field: 'quantity' });
    expect(await textOf(gridCell(row, 'quantity'))).toBe('100');
    expect(await textOf(gridCell(row, 'amount'))).toBe('250.00');
    expect((await linesOnServer(programme.id)).find((line) => line.id === first.id)?.version).toBe(first.version);

    // A price with five decimals is refused on its cell too.
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await cellEditor(page).fill('2.12345');
    await page.keyboard.press('Enter');
    await expect.poll(() => textOf(row.getByTestId('cell-error'))).toBe('Escriba un número con punto decimal y a lo sumo 4 decimales');
    await page.keyboard.press('Escape');
    await session.closePage(page);
  });

  it('when an officer types a quantity over a cell, Tabs on, then presses Ctrl+Z, then the line is saved, the totals follow, and the undo restores it on the server', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const first = lines[0]!;
    const page = await openGrid(programme.id);
    const row = gridRow(page, first.item.code);
    // 250.00 + 404.94 (40 × 10.1234 = 404.936) + 23.33 (7 × 3.3333 = 23.3331).
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 678.27');

    await gridCell(row, 'quantity').click();
    // Typing a figure starts the edit with it.
    await page.keyboard.type('120.5');
    await expect.poll(() => textOf(gridCell(row, 'amount'))).toBe('301.25');
    await page.keyboard.press('Tab');
    expect((await focusedCell(page))?.field).toBe('unitPrice');
    await expect.poll(async () => (await linesOnServer(programme.id)).find((line) => line.id === first.id)?.quantity).toBe('120.5000');
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 729.52');
    await expect.poll(() => textOf(page.getByTestId('planning-total-amount-essalud'))).toBe('S/ 729.52');

    await expect.poll(() => textOf(page.getByTestId('undo'))).toBe(`Deshacer el cambio en ${first.item.code}`);
    await page.keyboard.press('Control+z');
    await expect.poll(async () => (await linesOnServer(programme.id)).find((line) => line.id === first.id)?.quantity).toBe('100.0000');
    await expect.poll(() => textOf(gridCell(row, 'quantity'))).toBe('100');
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 678.27');
    await session.closePage(page);
  });

  it('when an officer moves an EsSalud line to the MINSA corporate purchase with the keyboard, then it takes the segment of its item, and back to EsSalud it drops it', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const first = lines[0]!;
    const page = await openGrid(programme.id);

    await gridCell(gridRow(page, first.item.code), 'channel').click();
    await page.keyboard.press('Enter');
    await cellEditor(page).selectOption('minsa_corporate');
    await page.keyboard.press('Enter');
    const moved = gridRow(page, first.item.code, 'minsa_corporate');
    await moved.waitFor();
    expect(await textOf(gridCell(moved, 'segment'))).toBe('Medicamentos');
    await expect.poll(async () => (await linesOnServer(programme.id)).find((line) => line.id === first.id)?.segment).toBe('medicines');
    await expect.poll(() => textOf(page.getByTestId('planning-total-amount-minsa_corporate'))).toBe('S/ 250.00');

    await gridCell(moved, 'channel').click();
    await page.keyboard.press('Enter');
    await cellEditor(page).selectOption('essalud');
    await page.keyboard.press('Enter');
    const back = gridRow(page, first.item.code, 'essalud');
    await back.waitFor();
    expect(await textOf(gridCell(back, 'segment'))).toBe('—');
    await expect.poll(async () => (await linesOnServer(programme.id)).find((line) => line.id === first.id)?.segment).toBeNull();
    await session.closePage(page);
  });
});

describe('Planning grid: another officer\'s change', () => {
  it('when another officer changed the price of a line meanwhile and this one edits its quantity, then the row shows both, and taking theirs keeps what is stored', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const first = lines[0]!;
    // The 409 of the stale version is an answer the page expects.
    const page = await session.openPage(`/programas/${programme.id}/planificar`, { viewport: { width: 1600, height: 1000 }, expectedStatuses: [401, 409] });
    const row = gridRow(page, first.item.code);
    await row.waitFor();

    const other = await signedIn(session.testApp, 'admin');
    await other.patch(`/api/programmes/${programme.id}/lines/${first.id}`).send({ version: first.version, unitPrice: '3' }).expect(200);

    await gridCell(row, 'quantity').click();
    await page.keyboard.press('Enter');
    await cellEditor(page).fill('150');
    await page.keyboard.press('Enter');
    const conflict = row.getByTestId('line-conflict');
    await conflict.waitFor();
    expect(await textOf(conflict.getByTestId('conflict-mine'))).toContain('cantidad 150 · precio 2.5000');
    expect(await textOf(conflict.getByTestId('conflict-theirs'))).toContain('cantidad 100 · precio 3.0000');
    expect(await textOf(gridCell(row, 'amount'))).toBe('300.00');

    await conflict.getByRole('button', { name: 'Tomar el de la otra persona' }).click();
    await expect.poll(() => row.getByTestId('line-conflict').count()).toBe(0);
    expect(await textOf(gridCell(row, 'quantity'))).toBe('100');
    expect(await textOf(gridCell(row, 'unitPrice'))).toBe('3.0000');
    // 300.00 + 404.94 + 23.33.
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 728.27');
    const stored = (await linesOnServer(programme.id)).find((line) => line.id === first.id)!;
    expect(stored).toMatchObject({ quantity: '100.0000', unitPrice: '3.0000', amount: '300.00', version: first.version + 1 });
    await session.closePage(page);
  });
});

describe('Planning grid: adding, deleting, filtering, bulk and roles', () => {
  it('when an officer deletes a line with the Delete key, then it leaves the grid and the server, the next line has the keyboard, and undo brings it back', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const [first, second] = lines as [PurchaseLineDto, PurchaseLineDto];
    const page = await openGrid(programme.id);
    await gridCell(gridRow(page, first.item.code), 'name').click();
    await page.keyboard.press('Delete');
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('2 líneas');
    await expect.poll(() => focusedCell(page)).toEqual({ line: String(second.id), field: 'name' });
    await expect.poll(async () => (await linesOnServer(programme.id)).some((line) => line.id === first.id)).toBe(false);
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 428.27');

    await page.getByRole('button', { name: `Deshacer la baja de ${first.item.code}` }).click();
    await gridRow(page, first.item.code).waitFor();
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('3 líneas');
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 678.27');
    const restored = (await linesOnServer(programme.id)).find((line) => line.item.id === first.item.id);
    expect(restored).toMatchObject({ channel: 'essalud', process: 'reverse_auction', quantity: '100.0000', unitPrice: '2.5000', amount: '250.00' });
    await session.closePage(page);
  });

  it('when an officer searches the formulary without accents and adds the item, then the line appears with its amount and the totals grow', async () => {
    await signInAs(logistics);
    const { programme } = await programmeWithLines();
    const item: ItemDto = await createTestItem(session.testApp.db, { dci: 'Ácido fólico', strength: '5 mg' });
    const page = await openGrid(programme.id);
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('3 líneas');

    await page.getByRole('button', { name: 'Agregar línea' }).click();
    const form = page.getByTestId('add-line-form');
    // Nothing chosen yet: the form says so in Spanish.
    await form.getByRole('button', { name: 'Agregar línea' }).click();
    await expect.poll(() => textOf(form)).toContain('Elija un ítem del petitorio');
    await form.getByLabel('Buscar ítem del petitorio (código o nombre)').fill('acido folico');
    await form.getByRole('button', { name: new RegExp(item.code) }).click();
    await form.getByLabel('Cantidad', { exact: true }).fill('1000');
    await form.getByLabel('Precio unitario (S/)', { exact: true }).fill('0.0525');
    expect(await textOf(form.getByTestId('add-line-amount'))).toBe('S/ 52.50');
    await form.getByRole('button', { name: 'Agregar línea' }).click();

    const added = gridRow(page, item.code);
    await added.waitFor();
    expect(await textOf(gridCell(added, 'amount'))).toBe('52.50');
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('4 líneas');
    await expect.poll(() => textOf(page.getByTestId('planning-grand-total'))).toBe('S/ 730.77');
    expect((await linesOnServer(programme.id)).some((line) => line.item.id === item.id)).toBe(true);
    await session.closePage(page);
  });

  it('when an officer filters by process and sorts by amount, then the URL keeps both and a reload shows the same lines; a selection moved in bulk changes process', async () => {
    await signInAs(logistics);
    const { programme, lines } = await programmeWithLines();
    const page = await openGrid(programme.id);
    await page.getByLabel('Proceso', { exact: true }).selectOption('reverse_auction');
    await expect.poll(() => new URL(page.url()).searchParams.get('proceso')).toBe('reverse_auction');
    await page.getByRole('button', { name: /Monto \(S\/\)/ }).click();
    await page.getByRole('button', { name: /Monto \(S\/\)/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('desc');
    expect(new URL(page.url()).searchParams.get('orden')).toBe('amount');
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('2 de 3 líneas');

    await page.reload();
    await page.getByTestId('planning-grid').waitFor();
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('2 de 3 líneas');
    const codes = await page.locator('tbody.planning-row [data-field="code"]').allTextContents();
    // 100 × 2.50 = 250.00 before 7 × 3.3333 = 23.33.
    expect(codes).toEqual([lines[0]!.item.code, lines[2]!.item.code]);

    // Select both by the filter, move them to the conventional process in one request.
    await page.getByRole('button', { name: 'Seleccionar las 2 líneas filtradas' }).click();
    const bulk = page.getByTestId('bulk-bar');
    await bulk.getByLabel(/^Proceso/).selectOption('conventional');
    await bulk.getByRole('button', { name: 'Mover' }).click();
    await expect.poll(async () => (await linesOnServer(programme.id)).every((line) => line.process === 'conventional')).toBe(true);
    await expect.poll(() => textOf(page.getByTestId('planning-count'))).toBe('0 de 3 líneas');

    // Space selects the row under the keyboard.
    await page.getByRole('button', { name: 'Limpiar filtros' }).click();
    await gridCell(gridRow(page, lines[1]!.item.code), 'name').click();
    await page.keyboard.press(' ');
    await expect.poll(() => textOf(page.getByTestId('bulk-bar'))).toContain('1 línea seleccionada');
    await session.closePage(page);
  });

  it('when a read-only user opens the grid, then it says why and Enter opens no editor', async () => {
    await signInAs(viewer);
    const { programme, lines } = await programmeWithLines();
    const page = await openGrid(programme.id);
    expect(await textOf(page.getByTestId('planning-read-only'))).toBe('Su cuenta puede consultar este plan, no cambiarlo.');
    await gridCell(gridRow(page, lines[0]!.item.code), 'quantity').click();
    await page.keyboard.press('Enter');
    expect(await cellEditor(page).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Agregar línea' }).count()).toBe(0);
    await session.closePage(page);
  });
});
