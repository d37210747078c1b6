// Quantification and analyses in a real browser, on their own data (issue 14): a planner reads the
// Pareto chart of a programme, clicks its A band and sees its items, drills into an ABC × VEN cell;
// then quantifies the programme, reads how one item's quantity was derived, tries a what-if,
// accepts the suggestion after reading the difference, and sees the programme's line change.
import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinesPage, PurchaseLineDto } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import {
  createTestConsumption,
  createTestItem,
  createTestProgramme,
  createTestStock,
  createTestSupplyParameters,
  setTestProgrammeStatus,
  type TestProgramme,
} from '../support/factories.ts';
import { textOf } from '../support/planning-grid.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

const SHOTS = '/tmp/q14-shots';
const wide = { viewport: { width: 1500, height: 1000 } };

let session: BrowserSession;
let users: Record<'logistics' | 'viewer', Credentials>;
let data: TestProgramme;

/** The 12 months before the current one, the review period the suggestions use by default. */
/** The app's months are Lima's (UTC−5). */
const limaNow = () => new Date(Date.now() - 5 * 3600_000);

function firstReviewMonth(now = limaNow()): string {
  const at = now.getUTCFullYear() * 12 + now.getUTCMonth() - 12;
  return `${Math.floor(at / 12)}-${String((at % 12) + 1).padStart(2, '0')}`;
}

/** Next year's plan, made from the 12 months before the current one (the default review period). */
const PLANNED_YEAR = limaNow().getUTCFullYear() + 1;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  session = await startBrowserSession();
  users = await createTestUsers(session.testApp);
  const db = session.testApp.db;
  // Value 100,000.00: Q14-A 80,000.00 (80 %), Q14-B1 10,000.00, Q14-B2 5,000.00, Q14-C1 3,000.00,
  // Q14-C2 2,000.00. A while the share before an item is below 80 %: only Q14-A; B while below
  // 95 %: Q14-B1 (80 % before) and Q14-B2 (90 %); C: the rest (95 % and 98 % before).
  const items = {
    a: await createTestItem(db, { code: 'Q14-A', dci: 'Insulina de prueba', ven: 'vital' }),
    b1: await createTestItem(db, { code: 'Q14-B1', dci: 'Amoxicilina de prueba', ven: 'essential' }),
    b2: await createTestItem(db, { code: 'Q14-B2', dci: 'Paracetamol de prueba', ven: 'non_essential' }),
    c1: await createTestItem(db, { code: 'Q14-C1', dci: 'Loratadina de prueba', ven: 'non_essential' }),
    c2: await createTestItem(db, { code: 'Q14-C2', dci: 'Enalapril de prueba', ven: 'vital' }),
  };
  data = await createTestProgramme(db, {
    name: 'Compra cuantificada',
    fiscalYear: PLANNED_YEAR,
    lines: [
      { item: items.a, channel: 'essalud', process: 'reverse_auction', quantity: '1000', unitPrice: '80.0000' },
      { item: items.b1, channel: 'essalud', process: 'conventional', quantity: '100', unitPrice: '100.0000' },
      { item: items.b2, channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction', quantity: '500', unitPrice: '10.0000' },
      { item: items.c1, channel: 'essalud', process: 'conventional', quantity: '300', unitPrice: '10.0000' },
      { item: items.c2, channel: 'essalud', process: 'reverse_auction', quantity: '200', unitPrice: '10.0000' },
    ],
  });
  // Q14-A: 100 a month for 12 months, 200 on hand and 100 on order, 3 months of lead time, 12 of
  // purchase, 3 of safety stock: CA = 1200 ÷ 12 = 100.0000, SS = 100 × 3 = 300.0000,
  // QO = 100 × (3 + 12) + 300 − (200 + 100) = 1500: 500 more than the 1,000 planned.
  await createTestConsumption(db, items.a, { from: firstReviewMonth(), consumed: Array.from({ length: 12 }, () => '100') });
  await createTestStock(db, items.a, { stockOnHand: '200', stockOnOrder: '100' });
  await createTestSupplyParameters(db, items.a);
});

afterAll(() => session?.close());

async function signInAs(credentials: Credentials) {
  const answer = await session.browser.request.post(`${session.baseUrl}/api/session`, { data: credentials });
  expect(answer.status()).toBe(200);
}

async function linesOnServer(programmeId: number): Promise<PurchaseLineDto[]> {
  const answer = await session.browser.request.get(`${session.baseUrl}/api/programmes/${programmeId}/lines?pageSize=1000`);
  expect(answer.ok()).toBe(true);
  return ((await answer.json()) as LinesPage).lines;
}

describe('Análisis of a programme', () => {
  it("when a planner opens the Pareto chart and clicks its A band, then the A items are listed; the chart's table and CSV hold the same curve; a heat-map cell lists its items; the ABC × VEN categories are redrawn (an incomplete set refused)", async () => {
    await signInAs(users.logistics);
    const { programme } = data;
    const page = await session.openPage(`/programas/${programme.id}`, wide);
    await page.getByRole('link', { name: 'Análisis', exact: true }).click();
    await page.getByRole('heading', { name: `Análisis — ${programme.name}` }).waitFor();

    const started = Date.now();
    await page.getByTestId('pareto-band-A').waitFor();
    const chartMs = Date.now() - started;
    expect(await textOf(page.getByTestId('abc-total'))).toContain('5 ítems por S/ 100,000.00');
    expect(await page.getByTestId('pareto-chart').getAttribute('aria-label')).toBe(
      'Curva de Pareto de 5 ítems por S/ 100,000.00: clase A, 1 ítem con el 80.0000 % del valor; clase B, 2 ítems con el 15.0000 % del valor; clase C, 2 ítems con el 5.0000 % del valor',
    );
    await page.screenshot({ path: `${SHOTS}/analisis-pareto.png`, fullPage: true });

    await page.getByTestId('pareto-band-A').click();
    await expect.poll(() => textOf(page.getByTestId('abc-items-title'))).toBe('Ítems de la clase A');
    expect(new URL(page.url()).searchParams.get('clase')).toBe('A');
    const rows = page.getByTestId('abc-items').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const onlyRow = page.getByTestId('abc-item-Q14-A');
    expect(await textOf(onlyRow)).toContain('S/ 80,000.00');
    expect(await textOf(onlyRow)).toContain('80.0000 %');
    await page.screenshot({ path: `${SHOTS}/analisis-clase-a.png`, fullPage: true });

    // The same data as a table, and the class B from the keyboard-reachable class list.
    await page.getByTestId('pareto').getByRole('tab', { name: 'Tabla' }).click();
    expect(await page.getByTestId('pareto-table').locator('tbody tr').count()).toBe(5);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pareto-csv').click()]);
    expect(download.suggestedFilename()).toBe(`pareto-programa-${programme.id}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFPuesto,% de ítems,% acumulado del valor,Clase',
      '1,20.0000,80.0000,A',
    ]);
    await page.getByRole('button', { name: 'Ver los ítems de la clase B' }).click();
    await expect.poll(() => textOf(page.getByTestId('abc-items-title'))).toBe('Ítems de la clase B');
    await expect.poll(() => rows.count()).toBe(2);

    // ABC × VEN: C and vital holds Q14-C2 alone.
    const cell = page.getByTestId('abc-ven-cell-CV');
    expect(await textOf(cell)).toContain('1 ítem');
    expect(await textOf(cell)).toContain('S/ 2,000.00');
    await cell.click();
    await expect.poll(() => textOf(page.getByTestId('abc-items-title'))).toBe('Ítems CV: clase C, vital');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await textOf(rows.first())).toContain('Q14-C2');

    // Categories of the matrix, by VEN alone: an incomplete one is refused on its field first.
    const categoriesField = page.getByLabel('Categorías (nombre:celdas, separadas por «;»)');
    await categoriesField.fill('I:AV,BV');
    await page.getByRole('button', { name: 'Aplicar categorías' }).click();
    await expect.poll(() => categoriesField.getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(page.getByTestId('abc-ven-section'))).toContain('Categorías (categories): falta asignar AE, AN, BE, BN, CV, CE, CN a una categoría');
    await categoriesField.fill('Vitales:AV,BV,CV;Esenciales:AE,BE,CE;No esenciales:AN,BN,CN');
    await page.getByRole('button', { name: 'Aplicar categorías' }).click();
    const vital = page.getByTestId('abc-ven-categories').getByRole('row', { name: /^Vitales/ });
    await expect.poll(() => textOf(vital)).toBe('VitalesAV, BV, CV2S/ 82,000.0082.0000 %');
    expect(await textOf(page.getByTestId('abc-ven-cell-CV'))).toContain('Vitales');

    // Spend by channel and process type: its table adds up to the programme.
    await page.getByTestId('spend').getByRole('tab', { name: 'Tabla' }).click();
    expect(await textOf(page.getByTestId('spend-table').locator('tfoot'))).toContain('S/ 100,000.00');
    await page.screenshot({ path: `${SHOTS}/analisis-abc-ven.png`, fullPage: true });
    console.info(`Pareto chart on screen ${chartMs} ms after navigating to the page`);
    await session.closePage(page);
  });
});

describe('Cuantificación of a programme', () => {
  it('when a planner reads how a quantity was derived, tries a what-if and accepts the suggestion after seeing the difference, then the programme line changes', async () => {
    await signInAs(users.logistics);
    const { programme, lines } = data;
    const line = lines.find((candidate) => candidate.item.code === 'Q14-A')!;
    const page = await session.openPage(`/programas/${programme.id}`, wide);
    await page.getByRole('link', { name: 'Cuantificación', exact: true }).click();
    await page.getByRole('heading', { name: `Cuantificación — ${programme.name}` }).waitFor();

    const table = page.getByTestId('suggestions-table');
    const row = table.locator('tr', { has: page.getByText('Q14-A', { exact: true }) });
    await expect.poll(() => textOf(row.getByTestId('suggested-quantity'))).toBe('1,500');
    expect(await textOf(row)).toContain('+500');
    expect(await textOf(row.getByTestId('price-source'))).toBe('Precio de la línea actual');
    expect(await textOf(row)).toContain('+S/ 40,000.00');

    // How it was computed: every step, its formula, its inputs and its value.
    await row.getByRole('button', { name: '¿Cómo se calculó? Q14-A' }).click();
    const panel = page.getByTestId('derivation-panel');
    const steps = panel.getByTestId('derivation-steps');
    await steps.waitFor();
    const ca = steps.getByTestId('derivation-adjustedMonthlyConsumption');
    expect(await textOf(ca)).toContain('CA = CT ÷ (RM − DOS ÷ 30.4)');
    expect(await textOf(ca)).toContain('Consumo del período (CT) = 1,200');
    expect(await textOf(ca.getByTestId('derivation-value'))).toBe('100.0000');
    expect(await textOf(steps.getByTestId('derivation-safetyStock').getByTestId('derivation-value'))).toBe('300.0000');
    const qo = steps.getByTestId('derivation-quantityToOrder');
    expect(await textOf(qo.getByTestId('derivation-value'))).toBe('1,500');
    expect(await textOf(qo)).toContain('hacia arriba, a la unidad entera');
    await page.screenshot({ path: `${SHOTS}/cuantificacion-derivacion.png`, fullPage: true });

    // What if the adjusted consumption were 200 a month? SS = 200 × 3 = 600; QO = 200 × 15 + 600 − 300 = 3300.
    const whatIf = panel.getByTestId('what-if-form');
    await whatIf.getByLabel('Consumo mensual ajustado (CA)').fill('200');
    await whatIf.getByRole('button', { name: 'Recalcular' }).click();
    const recalculated = panel.getByTestId('what-if-steps');
    await expect.poll(() => textOf(recalculated.getByTestId('derivation-quantityToOrder').getByTestId('derivation-value'))).toBe('3,300');
    expect(await textOf(recalculated.getByTestId('derivation-adjustedMonthlyConsumption'))).toContain('modificado');
    // A bad value is named on its field, in Spanish, before anything is sent.
    await whatIf.getByLabel('Días sin existencias (DOS)').fill('-3');
    await whatIf.getByRole('button', { name: 'Recalcular' }).click();
    await expect.poll(() => whatIf.getByLabel('Días sin existencias (DOS)').getAttribute('aria-invalid')).toBe('true');
    expect(await textOf(whatIf)).toContain('Días sin existencias: no puede ser negativo');
    await page.screenshot({ path: `${SHOTS}/cuantificacion-que-pasa-si.png`, fullPage: true });

    // Accept: the confirmation shows the difference before anything changes.
    await row.getByRole('checkbox', { name: 'Seleccionar Q14-A' }).check();
    await expect.poll(() => textOf(page.getByTestId('selection-count'))).toBe('1 sugerencia seleccionada.');
    await page.getByRole('button', { name: 'Aceptar las seleccionadas…' }).click();
    const confirmation = page.getByTestId('accept-confirmation');
    const difference = confirmation.getByTestId('accept-row-Q14-A');
    expect(await textOf(difference)).toContain('1,000');
    expect(await textOf(difference)).toContain('1,500');
    expect(await textOf(difference)).toContain('+500');
    expect(await textOf(confirmation)).toContain('pasa de S/ 80,000.00 a S/ 120,000.00 (+S/ 40,000.00)');
    expect((await linesOnServer(programme.id)).find((candidate) => candidate.id === line.id)?.quantity).toBe('1000.0000');
    await page.screenshot({ path: `${SHOTS}/cuantificacion-confirmacion.png`, fullPage: true });
    await confirmation.getByRole('button', { name: 'Sí, aceptar 1 sugerencia' }).click();
    await expect.poll(() => textOf(page.getByTestId('accept-result'))).toContain('Se actualizó 1 línea del programa.');
    await expect.poll(() => textOf(row)).toContain('1,500');
    expect(await textOf(row.locator('td').nth(4))).toBe('0');

    const changed = (await linesOnServer(programme.id)).find((candidate) => candidate.id === line.id)!;
    expect(changed).toMatchObject({ quantity: '1500.0000', unitPrice: '80.0000', amount: '120000.00', version: line.version + 1 });

    // The programme shows the new line.
    await page.getByTestId('accept-result').getByRole('link', { name: 'Ver el programa' }).click();
    await page.getByTestId('lines-table').waitFor();
    const programmeRow = page.getByTestId('lines-table').locator('tr', { has: page.getByText('Q14-A', { exact: true }) });
    const cells = async () => (await programmeRow.locator('td, th').allTextContents()).map((text) => text.trim());
    await expect.poll(cells).toEqual(expect.arrayContaining(['1,500', '80.0000', '120,000.00']));
    await page.screenshot({ path: `${SHOTS}/programa-linea-cambiada.png`, fullPage: true });
    await session.closePage(page);
  });

  it("when a planner switches to OpenLMIS, then the suggestion is in whole packs, its steps read, and recalculating with the item's data gives the same packs", async () => {
    await signInAs(users.logistics);
    const page = await session.openPage(`/programas/${data.programme.id}/cuantificacion`, wide);
    // A controlled radio follows the URL, which the router updates after the click: check() may look too soon.
    const openLmis = page.getByRole('radio', { name: 'OpenLMIS (requisición)' });
    await openLmis.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('metodo')).toBe('openlmis');
    await expect.poll(() => openLmis.isChecked()).toBe(true);
    // Last month C = 100, X = 0, M = 1: N = 100; P = ⌈(11 × 100 + 100) ÷ 12⌉ = 100; H = 100 × 6 = 600;
    // E = 200 on hand; I = 600 − 200 = 400, in packs of 1: 400, less than what the line plans.
    const planned = Number((await linesOnServer(data.programme.id)).find((line) => line.item.code === 'Q14-A')!.quantity);
    const row = page.getByTestId('suggestions-table').locator('tr', { has: page.getByText('Q14-A', { exact: true }) });
    await expect.poll(() => textOf(row.getByTestId('suggested-quantity'))).toBe('400');
    expect(await textOf(row)).toContain(`−${(planned - 400).toLocaleString('en-US')}`);
    await row.getByRole('button', { name: '¿Cómo se calculó? Q14-A' }).click();
    const panel = page.getByTestId('derivation-panel');
    const packs = panel.getByTestId('derivation-steps').getByTestId('derivation-packsToShip');
    expect(await textOf(packs.getByTestId('derivation-value'))).toBe('400');
    expect(await textOf(panel.getByTestId('derivation-steps').getByTestId('derivation-totalCost').getByTestId('derivation-value'))).toBe('32,000.00');
    await panel.getByRole('button', { name: 'Recalcular' }).click();
    const again = panel.getByTestId('what-if-steps');
    await expect.poll(() => textOf(again.getByTestId('derivation-packsToShip').getByTestId('derivation-value'))).toBe('400');
    await page.screenshot({ path: `${SHOTS}/cuantificacion-openlmis.png`, fullPage: true });
    await session.closePage(page);
  });

  it('when the programme is approved while a planner reviews all its acceptable suggestions, then accepting is refused (409) on screen, nothing changes, and the page says the programme is approved', async () => {
    await signInAs(users.logistics);
    const item = data.lines.find((line) => line.item.code === 'Q14-A')!.item;
    const { programme, lines } = await createTestProgramme(session.testApp.db, {
      name: 'Compra aprobada en el camino',
      fiscalYear: PLANNED_YEAR,
      lines: [{ item, quantity: '700', unitPrice: '80.0000' }],
    });
    const page = await session.openPage(`/programas/${programme.id}/cuantificacion`, { ...wide, expectedStatuses: [401, 409] });
    const row = page.getByTestId('suggestions-table').locator('tr', { has: page.getByText('Q14-A', { exact: true }) });
    await expect.poll(() => textOf(row.getByTestId('suggested-quantity'))).toBe('1,500');
    await page.getByRole('button', { name: 'Seleccionar todas las aceptables (1)' }).click();
    await expect.poll(() => textOf(page.getByTestId('selection-count'))).toBe('1 sugerencia seleccionada.');
    expect(await row.getByRole('checkbox', { name: 'Seleccionar Q14-A' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Aceptar las seleccionadas…' }).click();
    await page.getByTestId('accept-confirmation').waitFor();

    await setTestProgrammeStatus(session.testApp.db, programme, 'approved');
    await page.getByRole('button', { name: 'Sí, aceptar 1 sugerencia' }).click();
    const refusal = page.getByTestId('accept-error');
    await expect.poll(() => textOf(refusal)).toContain('Programa no editable (HTTP 409)');
    expect(await textOf(refusal.getByTestId('accept-conflict-hint'))).toContain('No se aplicó ningún cambio.');
    await expect.poll(() => textOf(page.getByTestId('accept-not-draft'))).toContain('El programa está aprobado');
    expect(await page.getByTestId('selection-bar').count()).toBe(0);
    expect((await linesOnServer(programme.id)).map((line) => [line.id, line.quantity, line.version])).toEqual([[lines[0]!.id, '700.0000', lines[0]!.version]]);
    await page.screenshot({ path: `${SHOTS}/cuantificacion-409.png`, fullPage: true });
    await session.closePage(page);
  });

  it('when the review period has no consumption, then the page says so and offers the import; the default period brings the suggestions back', async () => {
    await signInAs(users.logistics);
    const longAgo = firstReviewMonth(new Date(Date.UTC(new Date().getUTCFullYear() - 3, 0, 15)));
    const page = await session.openPage(`/programas/${data.programme.id}/cuantificacion?hasta=${longAgo}&meses=3`, { ...wide, expectedStatuses: [401, 422] });
    const notice = page.getByTestId('quantification-no-data');
    await expect.poll(() => textOf(notice)).toContain('No hay datos de consumo');
    expect(await notice.getByRole('link', { name: 'importe el consumo y las existencias' }).count()).toBe(1);
    expect(await page.getByRole('alert').count()).toBe(0);

    await page.getByLabel('Hasta el mes (año-mes)').fill('');
    await page.getByLabel('Meses revisados').selectOption('12');
    await page.getByRole('button', { name: 'Cambiar el período' }).click();
    await expect.poll(() => textOf(page.getByTestId('suggestions-table').getByTestId('suggested-quantity'))).toBe('1,500');
    expect(new URL(page.url()).searchParams.has('hasta')).toBe(false);
    await session.closePage(page);
  });

  it('when a viewer opens the quantification, then the suggestions read but cannot be accepted', async () => {
    await signInAs(users.viewer);
    const page = await session.openPage(`/programas/${data.programme.id}/cuantificacion`, wide);
    await page.getByTestId('accept-not-allowed').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Seleccionar Q14-A' }).count()).toBe(0);
    expect(await page.getByTestId('selection-bar').count()).toBe(0);
    await session.closePage(page);
  });
});
