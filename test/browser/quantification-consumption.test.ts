// Consumption data in a real browser (issue 14): a planner imports a monthly consumption file, sees
// a negative quantity and a month in the future refused by row and column with nothing applied,
// corrects the file and applies it; the item's consumption history then shows as a chart with its
// stock-out days, reached from the item's panel in the Petitorio.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItem } from '../support/factories.ts';
import { textOf } from '../support/planning-grid.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

const SHOTS = '/tmp/q14-shots';
const wide = { viewport: { width: 1400, height: 1000 } };

let session: BrowserSession;
let users: Record<'logistics' | 'pharmacy', Credentials>;

beforeAll(async () => {
  session = await startBrowserSession();
  users = await createTestUsers(session.testApp);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

/** yyyy-mm of the month `offset` months from the current one (negative: before). */
function monthFromNow(offset: number, now = new Date()): string {
  const at = now.getUTCFullYear() * 12 + now.getUTCMonth() + offset;
  return `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
}

const csv = (rows: string[][]) => Buffer.from(['Código,Red asistencial,Mes,Consumo,Días sin existencias', ...rows.map((row) => row.join(','))].join('\r\n'), 'utf8');

describe('Importing consumption', () => {
  it('when a planner imports a file with a negative consumption and a future month, then each is named by row and column and nothing applies; corrected, it applies and the item shows its history with stock-out days; a month corrected by hand, a stock position recorded and a stale parameters save read on screen', async () => {
    const item = await createTestItem(session.testApp.db, { code: 'Q14-CONS', dci: 'Metformina de prueba' });
    await signInAs(users.logistics);
    const page = await session.openPage(`/programas`, { ...wide, expectedStatuses: [401, 409, 422] });
    await page.goto(`${session.baseUrl}/consumo/importar`);
    await page.getByRole('heading', { name: 'Importar consumo, existencias y parámetros', level: 1 }).waitFor();

    const [m3, m2, m1] = [monthFromNow(-3), monthFromNow(-2), monthFromNow(-1)];
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles({
      name: 'consumo.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['Q14-CONS', '', m3, '120', '0'],
        ['Q14-CONS', '', m2, '-5', '0'],
        ['Q14-CONS', '', monthFromNow(1), '90', '0'],
      ]),
    });
    await expect.poll(() => textOf(page.getByTestId('import-count-errors'))).toBe('2');
    const errors = page.getByTestId('import-errors');
    const errorRows = async () => (await errors.locator('tbody tr').allTextContents()).map((text) => text.trim()).filter(Boolean);
    await expect.poll(errorRows).toEqual([expect.stringMatching(/^3Consumo.*no puede ser negativo/), expect.stringMatching(/^4Mes/)]);
    expect(await page.getByRole('button', { name: 'Aplicar', exact: true }).isDisabled()).toBe(true);
    await page.screenshot({ path: `${SHOTS}/consumo-errores.png`, fullPage: true });

    // Corrected: three months, the last with 6 days out of stock.
    await page.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles({
      name: 'consumo-corregido.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['Q14-CONS', '', m3, '120', '0'],
        ['Q14-CONS', '', m2, '100', '0'],
        ['Q14-CONS', '', m1, '80.5', '6'],
      ]),
    });
    await expect.poll(() => textOf(page.getByTestId('import-count-created'))).toBe('3');
    expect(await textOf(page.getByTestId('import-count-errors'))).toBe('0');
    await page.getByRole('button', { name: 'Aplicar', exact: true }).click();
    await expect.poll(() => textOf(page.getByTestId('import-result'))).toContain('3 filas nuevas');

    // From the item's panel in the Petitorio to its history.
    await page.goto(`${session.baseUrl}/petitorio?item=${item.id}`);
    await page.getByTestId('item-detail').getByRole('link', { name: 'Consumo y existencias' }).click();
    await page.getByRole('heading', { name: /^Consumo — Q14-CONS/ }).waitFor();
    await expect.poll(() => textOf(page.getByTestId('consumption-summary'))).toBe(
      `300.5 unidades en 3 meses (${m3} a ${m1}); 1 mes con días sin existencias.`,
    );
    await page.getByTestId('consumption-history-chart').locator('svg').first().waitFor();
    expect(await page.getByTestId('consumption-history-chart').getAttribute('aria-label')).toBe(
      `${m3}: 120 unidades, 0 días sin existencias; ${m2}: 100 unidades, 0 días sin existencias; ${m1}: 80.5 unidades, 6 días sin existencias`,
    );
    await page.getByTestId('consumption-history').getByRole('tab', { name: 'Tabla' }).click();
    const cells = (await page.getByTestId('consumption-history-table').locator('tbody tr').last().locator('th, td').allTextContents()).map((text) => text.trim());
    expect(cells).toEqual([m1, '80.5', '6']);
    await page.screenshot({ path: `${SHOTS}/consumo-historial.png`, fullPage: true });

    // A month corrected by hand: a negative quantity is named on its field first.
    const month = page.getByTestId('month-form');
    await month.getByLabel('Mes (año-mes)').fill(m1);
    await month.getByLabel('Consumo (unidades)').fill('-1');
    await month.getByRole('button', { name: 'Guardar el mes' }).click();
    await expect.poll(() => month.getByLabel('Consumo (unidades)').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(month)).toContain('Consumo: no puede ser negativo');
    await month.getByLabel('Consumo (unidades)').fill('90');
    await month.getByLabel('Días sin existencias').fill('2');
    await month.getByRole('button', { name: 'Guardar el mes' }).click();
    await expect.poll(() => textOf(page.getByTestId('month-saved'))).toBe(`Consumo de ${m1} guardado.`);
    await expect.poll(() => textOf(page.getByTestId('consumption-summary'))).toBe(
      `310 unidades en 3 meses (${m3} a ${m1}); 1 mes con días sin existencias.`,
    );

    // A stock position: a negative quantity is named on its field; then it is saved and listed.
    const stock = page.getByTestId('stock-form');
    await stock.getByLabel('Fecha de corte').fill(`${m1}-15`);
    await stock.getByLabel('Existencias disponibles').fill('-4');
    await stock.getByRole('button', { name: 'Guardar existencias' }).click();
    await expect.poll(() => stock.getByLabel('Existencias disponibles').getAttribute('aria-invalid')).toBe('true');
    await stock.getByLabel('Existencias disponibles').fill('250');
    await stock.getByRole('button', { name: 'Guardar existencias' }).click();
    await expect.poll(() => textOf(page.getByTestId('stock-saved'))).toBe('Existencias guardadas.');
    const position = async () => (await page.getByTestId('stock-positions').locator('tbody tr').first().locator('th, td').allTextContents()).map((text) => text.trim());
    await expect.poll(position).toEqual(['Nacional (sin red asistencial)', `${m1}-15`, '250', '0']);

    // Supply parameters: saved once; then someone else changes them and a stale save shows their values.
    const parameters = page.getByTestId('parameters-form');
    await parameters.getByLabel('Tiempo de entrega (meses)').fill('2');
    await parameters.getByRole('button', { name: 'Guardar parámetros' }).click();
    await expect.poll(() => textOf(page.getByTestId('parameters-saved'))).toBe('Parámetros guardados.');
    const stored = await (await session.browser.request.get(`${session.baseUrl}/api/items/${item.id}/supply-parameters`)).json();
    expect(stored).toMatchObject({ leadTimeMonths: '2.00', version: 1 });
    const theirs = await session.browser.request.put(`${session.baseUrl}/api/items/${item.id}/supply-parameters`, {
      data: { ...stored, itemId: undefined, packSize: String(stored.packSize), minMonths: '4', version: 1 },
    });
    expect(theirs.status()).toBe(200);
    await parameters.getByLabel('Existencias máximas (meses)').fill('9');
    await parameters.getByRole('button', { name: 'Guardar parámetros' }).click();
    await expect.poll(() => textOf(page.getByTestId('parameters-conflict'))).toContain('Otra persona cambió estos parámetros');
    expect(await parameters.getByLabel('Existencias mínimas (meses)').inputValue()).toBe('4.00');
    expect(await parameters.getByLabel('Existencias máximas (meses)').inputValue()).toBe('6.00');
    await page.screenshot({ path: `${SHOTS}/consumo-edicion.png`, fullPage: true });
    await session.closePage(page);
  });

  it('when a pharmacist looks for the consumption import, then the page says it is not for their role', async () => {
    await signInAs(users.pharmacy);
    const page = await session.openPage('/consumo/importar', wide);
    await expect.poll(() => textOf(page.locator('main'))).toContain('Consumo, existencias y parámetros de abastecimiento');
    expect(await page.getByLabel('Archivo CSV o XLSX').count()).toBe(0);
    await session.closePage(page);
  });
});
