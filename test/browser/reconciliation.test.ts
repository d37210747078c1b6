// Reconciliation in a real browser (issue 13): finance imports a SAP ME2N export written by a
// Spanish logon in Windows-1252 (semicolons, decimal commas) through the wizard: the dry run reads
// the Spanish headings, the preview counts rows, matches and the exact amount, applying runs as a
// job with a progress bar; the variance tree shows declared, planned and executed to the cent, a
// type's «Ver líneas» opens its lines (the filters in the URL), a process is signed off with a
// comment and reads as signed, in the tree, the history and the printable page; signing its whole
// type over it is refused in the server's words, and an administrator reopens it with a reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { assignTestLines, createTestItems, createTestProcess, createTestProgramme } from '../support/factories.ts';
import { textOf } from '../support/planning-grid.ts';
import { sapExportFile, type SapExportRow } from '../support/sap-files.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

const SHOTS = '/tmp/q13-shots';
const wide = { viewport: { width: 1440, height: 1000 }, expectedStatuses: [401, 404, 409, 422] };

let session: BrowserSession;
let users: Record<'admin' | 'finance' | 'viewer', Credentials>;

beforeAll(async () => {
  // Every import answers 202 with its job, as a long one does: the progress bar shows for sure.
  session = await startBrowserSession({ importWaitMs: 0 });
  users = await createTestUsers(session.testApp);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

/** `count` purchase-order lines of one material, each of quantity 1 at `netPrice`. */
function orders(material: string, count: number, netPrice: string, firstDocument: number): SapExportRow[] {
  return Array.from({ length: count }, (_, index) => ({
    purchasingDocument: String(firstDocument + index),
    item: '10',
    documentDate: '2026-03-15',
    material,
    shortText: 'Solución inyectable, presentación año 2026',
    orderQuantity: '1',
    orderUnit: 'UN',
    netPrice,
    priceUnit: '1',
    currency: 'PEN',
    vendor: '100234',
    vendorName: 'Droguería Peñaranda S.A.C.',
    plant: 'P001',
  }));
}

const cellsOf = async (row: Locator) => (await row.locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());

describe('Reconciliation', () => {
  it('when finance imports a Spanish-headed Windows-1252 export of a programme\'s lines, then the progress bar runs, a variance opens to its lines, and a process is signed off', async () => {
    const db = session.testApp.db;
    const items = await createTestItems(db, [{ code: 'C13-0001' }, { code: 'C13-0002' }, { code: 'C13-0003' }]);
    const { programme, lines } = await createTestProgramme(db, {
      name: 'Compra de conciliación',
      lines: [
        // EsSalud reverse auction, in a process: planned S/ 2,500.00 and S/ 5,000.00.
        { item: items[0], channel: 'essalud', process: 'reverse_auction', quantity: '1000', unitPrice: '2.5000' },
        { item: items[1], channel: 'essalud', process: 'reverse_auction', quantity: '500', unitPrice: '10.0000' },
        // MINSA corporate medicines, conventional: planned S/ 800.00.
        { item: items[2], channel: 'minsa_corporate', segment: 'medicines', process: 'conventional', quantity: '200', unitPrice: '4.0000' },
      ],
    });
    const process = await createTestProcess(db, programme, { code: 'SIE-013-2026-ESSALUD', title: 'Subasta de conciliación' });
    await assignTestLines(db, process, [lines[0]!, lines[1]!]);

    // 512 purchase-order lines: executed S/ 2,600.00 (+100.00), S/ 5,000.00 (0) and S/ 799.20 (−0.80),
    // and one of a material the programme does not plan (S/ 3.00).
    const rows = [
      ...orders('C13-0001', 200, '13.00', 4500000001),
      ...orders('C13-0002', 200, '25.00', 4500100001),
      ...orders('C13-0003', 111, '7.20', 4500200001),
      { ...orders('NO-PLAN-1', 1, '3.00', 4500300001)[0]! },
    ];
    const file = sapExportFile(rows, { logon: 'es', encoding: 'windows-1252', delimiter: ';', decimalSeparator: ',' });
    expect(file.includes(Buffer.from('Posici\xf3n', 'latin1'))).toBe(true);

    await signInAs(users.finance);
    const page = await session.openPage(`/programas/${programme.id}/conciliacion`, wide);
    await page.getByRole('heading', { name: 'Conciliación · Compra de conciliación', level: 1 }).waitFor();

    // Dry run: the Spanish headings are read, and nothing is imported yet.
    await page.getByLabel('Exportación de SAP (CSV o XLSX)').setInputFiles({ name: 'ME2N-2026.csv', mimeType: 'text/csv', buffer: file });
    await expect.poll(() => textOf(page.getByTestId('import-count-rows'))).toBe('512');
    expect(await textOf(page.getByTestId('import-count-matched'))).toBe('511');
    expect(await textOf(page.getByTestId('import-count-unmatched'))).toBe('1');
    expect(await textOf(page.getByTestId('import-count-amount'))).toBe('S/ 8,402.20');
    expect(await textOf(page.getByTestId('import-count-errors'))).toBe('0');
    expect(await page.getByLabel('Columna de la exportación para «Posición»').inputValue()).toBe('item');
    expect(await page.getByLabel('Columna de la exportación para «Cantidad de pedido»').inputValue()).toBe('orderQuantity');
    await page.screenshot({ path: `${SHOTS}/conciliacion-vista-previa.png`, fullPage: true });

    // Applying runs as a job: its progress bar shows, with the rows read, and ends at 100 %.
    await page.getByRole('button', { name: 'Aplicar', exact: true }).click();
    const progress = page.getByRole('progressbar', { name: 'Avance de la importación' });
    await progress.waitFor({ timeout: 30_000 });
    await expect.poll(() => textOf(page.getByTestId('import-progress-figures'))).toMatch(/ % · [\d,]+ filas? leídas?/);
    await expect.poll(() => textOf(page.getByTestId('import-result'))).toContain('511 emparejadas y 1 sin emparejar, por S/ 8,402.20');
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    expect(await textOf(page.getByTestId('import-progress-figures'))).toContain('512 filas leídas');
    await expect.poll(async () => (await cellsOf(page.getByTestId('batches-table').locator('tbody tr').first())).slice(1, 5)).toEqual([
      'ME2N-2026.csv',
      '512',
      '511',
      'S/ 8,402.20',
    ]);

    // The totals and the tree, to the cent: executed − planned, positive is overspend.
    await expect.poll(() => textOf(page.getByTestId('total-executed'))).toBe('S/ 8,399.20');
    expect(await textOf(page.getByTestId('total-planned'))).toBe('S/ 8,300.00');
    expect(await textOf(page.getByTestId('total-difference'))).toBe('+S/ 99.20 (1.20 %)');
    expect(await textOf(page.getByTestId('total-unmatched'))).toBe('0 planificadas · 1 ejecutadas');
    const auction = page.getByTestId('variance-row-essalud/reverse_auction');
    expect((await cellsOf(auction)).slice(0, 7)).toEqual([
      expect.stringContaining('Subasta inversa'),
      '—',
      'S/ 7,500.00',
      'S/ 7,600.00',
      '+S/ 100.00',
      '1.33 %',
      expect.stringContaining('Fuera de tolerancia'),
    ]);
    expect(await textOf(page.getByTestId('variance-row-minsa_corporate/medicines/conventional'))).toContain('−S/ 0.80');
    // The unmatched list is a query of its own, refetched beside the summary: it may arrive after it.
    await expect.poll(() => textOf(page.getByTestId('unmatched-executions'))).toContain('NO-PLAN-1');

    // A variance opens to its lines; the filters are in the URL.
    await auction.getByRole('button', { name: 'Ver las líneas de Subasta inversa' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tipo')).toBe('reverse_auction');
    expect(new URL(page.url()).searchParams.get('canal')).toBe('essalud');
    await expect.poll(() => textOf(page.getByTestId('lines-total'))).toBe('2 líneas');
    const first = page.getByTestId(`reconciliation-line-${lines[0]!.id}`);
    expect((await cellsOf(first)).slice(5, 10)).toEqual([
      'S/ 2,500.00',
      '200 (200 pedidos)',
      'S/ 2,600.00',
      '+S/ 100.00',
      '4.00 %',
    ]);
    // The same view from its link.
    const view = page.url();
    await page.goto(view);
    await expect.poll(() => textOf(page.getByTestId('lines-total'))).toBe('2 líneas');

    // The process is signed off with a comment, and reads as signed.
    await auction.getByRole('button', { name: 'Expandir Subasta inversa' }).click();
    const processRow = page.getByTestId(`variance-row-essalud/reverse_auction/${process.id}`);
    await processRow.getByRole('button', { name: /^Dar conformidad a SIE-013-2026-ESSALUD/ }).click();
    const dialog = page.getByTestId('sign-off-dialog');
    await dialog.getByRole('button', { name: 'Dar conformidad' }).click();
    expect(await textOf(dialog)).toContain('Comentario: escriba un comentario');
    await dialog.getByLabel('Comentario').fill('Diferencia de S/ 100.00 explicada por reajuste de precio en la orden 4500000001.');
    await dialog.getByRole('button', { name: 'Dar conformidad' }).click();
    await expect.poll(() => textOf(processRow.getByTestId('sign-off-state'))).toMatch(/^✔ Conforme — firmado por .+ el \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(await dialog.count()).toBe(0);
    expect(await processRow.getByRole('button', { name: /^Reabrir/ }).count()).toBe(0);
    expect(await textOf(page.getByTestId('sign-offs-table'))).toContain('Proceso SIE-013-2026-ESSALUD');
    await page.screenshot({ path: `${SHOTS}/conciliacion-conforme.png`, fullPage: true });

    // Signing the whole type over the signed process is refused (409), in the server's words.
    await auction.getByRole('button', { name: 'Dar conformidad a Subasta inversa' }).click();
    await dialog.getByLabel('Comentario').fill('Todo el tipo conforme.');
    await dialog.getByRole('button', { name: 'Dar conformidad' }).click();
    await expect.poll(() => textOf(page.getByTestId('sign-off-dialog-error'))).toContain('SIE-013-2026-ESSALUD');
    await page.screenshot({ path: `${SHOTS}/conciliacion-409.png` });
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    expect(await dialog.count()).toBe(0);

    // The printable page shows the tree, the totals and who signed what.
    await page.getByTestId('reconciliation-print-link').click();
    await expect.poll(() => textOf(page.getByTestId('print-reconciliation'))).toContain('Total del programa');
    expect(await textOf(page.getByTestId('print-reconciliation'))).toContain('S/ 8,399.20');
    expect(await textOf(page.getByTestId('print-reconciliation'))).toMatch(/Conforme — firmado por .+ el \d{2}\/\d{2}\/\d{4}/);
    expect(await textOf(page.getByTestId('print-sign-offs'))).toContain('Proceso SIE-013-2026-ESSALUD');
    await page.screenshot({ path: `${SHOTS}/conciliacion-imprimible.png`, fullPage: true });

    // An administrator reopens it with a reason: the process may be signed again, the history keeps both.
    await signInAs(users.admin);
    await page.goto(`${session.baseUrl}/programas/${programme.id}/conciliacion`);
    await auction.getByRole('button', { name: 'Expandir Subasta inversa' }).click();
    await processRow.getByRole('button', { name: /^Reabrir SIE-013-2026-ESSALUD/ }).click();
    const reopen = page.getByTestId('reopen-dialog');
    await reopen.getByLabel('Motivo de la reapertura').fill('Llegó una nota de crédito del proveedor.');
    await reopen.getByRole('button', { name: 'Reabrir' }).click();
    await processRow.getByRole('button', { name: /^Dar conformidad a SIE-013-2026-ESSALUD/ }).waitFor();
    await expect.poll(() => textOf(page.getByTestId('sign-offs-table'))).toContain('Reabierta por Prueba admin');
    expect(await textOf(page.getByTestId('sign-offs-table'))).toContain('Motivo: Llegó una nota de crédito del proveedor.');
    await session.closePage(page);
  });

  it('when a viewer opens the reconciliation, then it reads the figures without any import, match or sign-off action', async () => {
    const { programme } = await createTestProgramme(session.testApp.db, { name: 'Compra de solo lectura' });
    await signInAs(users.viewer);
    const page = await session.openPage(`/programas/${programme.id}/conciliacion`, wide);
    await expect.poll(() => textOf(page.getByTestId('total-planned'))).toMatch(/^S\/ [\d,]+\.\d{2}$/);
    expect(await page.getByLabel('Exportación de SAP (CSV o XLSX)').count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Dar conformidad/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Volver a emparejar' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Guardar la tolerancia' }).count()).toBe(0);
    await session.closePage(page);
  });
});
