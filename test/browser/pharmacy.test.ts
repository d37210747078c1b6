// A pharmacy manager in a real browser (Debian's Chromium via playwright-core): coverage of the
// formulary, importing a spreadsheet whose header needs correcting, and maintaining items by hand
// (a field error first, deactivation, and someone else's change arriving meanwhile).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItem, createTestItems, createTestProgramme } from '../support/factories.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let pharmacy: Credentials;
let fileDir: string;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ pharmacy } = await createTestUsers(session.testApp));
  // Three centralized items, each with a line (one through both channels), and two local ones without.
  const [both] = await createTestItems(session.testApp.db, [{ code: 'CEN-AMBOS' }, { code: 'LOC-1', supplyList: 'local' }, { code: 'LOC-2', supplyList: 'local' }]);
  const minsa = { channel: 'minsa_corporate', segment: 'medicines', process: 'reverse_auction' } as const;
  await createTestProgramme(session.testApp.db, {
    name: 'Compra 2026',
    lines: [{ ...minsa, item: both! }, { channel: 'essalud', item: both! }, { channel: 'essalud', item: { code: 'CEN-ESSALUD' } }, { ...minsa, item: { code: 'CEN-MINSA' } }],
  });
  fileDir = mkdtempSync(join(tmpdir(), 'abastece-import-'));
});

afterAll(async () => {
  await session?.close();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

/** Opens the app, signing in as the pharmacy manager through the form unless already signed in. */
async function signedInPage(path: string, expectedStatuses: readonly number[] = [401]): Promise<Page> {
  const page = await session.openPage(path, { expectedStatuses });
  const signInHeading = page.getByRole('heading', { name: 'Ingresar a Abastece' });
  await signInHeading.or(page.getByTestId('account-name')).first().waitFor();
  if (!(await signInHeading.isVisible())) return page;
  await page.getByLabel('Usuario', { exact: true }).fill(pharmacy.username);
  await page.getByLabel('Contraseña', { exact: true }).fill(pharmacy.password);
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
  await page.getByTestId('account-name').waitFor();
  return page;
}

const text = async (page: Page, testId: string) => ((await page.getByTestId(testId).textContent()) ?? '').trim();

describe('Pharmacy manager in the browser', () => {
  it('when a CSV with an unrecognised "Descripción" header is imported and the mapping corrected, then the preview shows one new centralized item and, once applied, centralized "No cubierto" goes from 0 to 1 and drills down to the item', async () => {
    const page = await signedInPage('/');

    // Coverage before: every centralized item has a purchase line.
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Cobertura de Compra 2026' }).click();
    await page.getByTestId('coverage-breakdown').waitFor();
    expect(await text(page, 'breakdown-centralized-items')).toBe('3');
    expect(await text(page, 'breakdown-centralized-not_covered')).toBe('0');
    expect(await text(page, 'breakdown-local-not_covered')).toBe('2');
    expect(await text(page, 'coverage-centralized-not-covered')).toBe('0');
    expect(await text(page, 'coverage-lines-explanation')).toMatch(/4 líneas de compra.*3 ítems.*un ítem se compra por ambos canales.*CEN-AMBOS/);
    const coverageUrl = page.url();

    // The file: "Descripción" is not a header the import recognises.
    const csv = [
      'Código,Descripción,Concentración,Forma farmacéutica,Cartilla,Grupo terapéutico,VEN,Oncológico',
      'PRUEBA-001,Ivermectina de prueba,6 mg,Tableta,Suministro centralizado,Antiparasitarios,Esencial,No',
    ].join('\r\n');
    const file = join(fileDir, 'petitorio-nuevo.csv');
    writeFileSync(file, `${csv}\r\n`, 'utf8');

    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Petitorio' }).click();
    await page.getByRole('link', { name: 'Importar petitorio' }).click();
    await page.getByRole('heading', { name: 'Importar petitorio', level: 1 }).waitFor();
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles(file);

    // Dry run: the Denominación column is missing, nothing can be applied.
    const mapping = page.getByLabel('Columna del petitorio para «Descripción»');
    await mapping.waitFor();
    expect(await mapping.inputValue()).toBe('');
    await expect.poll(() => text(page, 'import-count-errors')).not.toBe('0');
    expect(await text(page, 'import-missing-columns')).toContain('Denominación');
    expect(await page.getByRole('button', { name: 'Aplicar', exact: true }).isDisabled()).toBe(true);

    // Corrected: Descripción → Denominación, and the preview follows.
    await mapping.selectOption({ label: 'Denominación' });
    await expect.poll(() => text(page, 'import-count-errors')).toBe('0');
    expect(await text(page, 'import-count-created')).toBe('1');
    expect(await text(page, 'import-count-updated')).toBe('0');
    expect(await text(page, 'import-count-unchanged')).toBe('0');
    const newItems = page.getByTestId('import-new-items');
    expect(await newItems.textContent()).toContain('PRUEBA-001');
    expect(await newItems.textContent()).toContain('Ivermectina de prueba');
    expect(await newItems.textContent()).toContain('Suministro centralizado');

    const apply = page.getByRole('button', { name: 'Aplicar', exact: true });
    await expect.poll(() => apply.isEnabled()).toBe(true);
    await apply.click();
    const result = page.getByTestId('import-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('1 ítem nuevo');

    // Coverage after: the new centralized item has no purchase line yet, which is a gap.
    await page.goto(coverageUrl);
    await page.getByTestId('coverage-breakdown').waitFor();
    await expect.poll(() => text(page, 'breakdown-centralized-not_covered')).toBe('1');
    expect(await text(page, 'breakdown-centralized-items')).toBe('4');
    expect(await page.getByTestId('breakdown-centralized-not_covered').locator('xpath=ancestor::td').getAttribute('class')).toContain('is-gap');

    // The count drills down to that item, and the view lives in the URL.
    await page.getByTestId('breakdown-centralized-not_covered').click();
    await expect.poll(() => text(page, 'coverage-items-total')).toContain('1 ítem');
    expect(await page.getByTestId('coverage-items-table').textContent()).toContain('PRUEBA-001');
    const url = new URL(page.url());
    expect(url.searchParams.get('estado')).toBe('not_covered');
    expect(url.searchParams.get('cartilla')).toBe('centralized');

    // Shared by copying the address: the same view, by VEN, opens as is.
    url.searchParams.set('por', 'ven');
    await page.goto(url.toString());
    await page.getByRole('tab', { name: 'VEN', selected: true }).waitFor();
    await expect.poll(() => text(page, 'coverage-items-total')).toContain('1 ítem');
    await expect.poll(() => text(page, 'breakdown-essential-centralized-gap')).toBe('1 centralizado');

    // From the gap to the item: its code opens it in the Petitorio, at an address that can be shared.
    await page.getByTestId('coverage-items-table').getByRole('link', { name: 'PRUEBA-001' }).click();
    const detail = page.getByTestId('item-detail');
    const detailTitle = detail.getByRole('heading', { level: 2 });
    await expect.poll(async () => (await detailTitle.textContent()) ?? '').toContain('PRUEBA-001 — Ivermectina de prueba');
    expect(new URL(page.url()).pathname).toBe('/petitorio');
    await page.reload();
    await expect.poll(async () => (await detailTitle.textContent()) ?? '').toContain('PRUEBA-001');
    await detail.getByRole('button', { name: 'Cerrar el panel del ítem' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('item')).toBe(false);
    await expect.poll(() => detail.count()).toBe(0);

    await session.closePage(page);
  });

  it('when an item is created with a malformed code, then the form says so beside the field, and once corrected the item is created (in the budget category chosen, a common good with its ficha técnica), can be deactivated, and its Historial shows both changes by this pharmacy manager', async () => {
    const page = await signedInPage('/petitorio');
    await page.getByRole('button', { name: 'Nuevo ítem' }).click();
    const form = page.getByTestId('item-create-form');
    await form.getByLabel('Código').fill('AB 12');
    await form.getByLabel('DCI / Denominación').fill('Paracetamol de prueba');
    await form.getByLabel('Concentración').fill('500 mg');
    await form.getByLabel('Forma farmacéutica').fill('Tableta');
    await form.getByLabel('Cartilla').selectOption('local');
    await form.getByLabel('Grupo terapéutico').fill('Analgésicos');
    await form.getByLabel('VEN').selectOption('essential');
    expect(await form.getByLabel('Categoría presupuestal').inputValue()).toBe('medicines');
    await form.getByLabel('Categoría presupuestal').selectOption({ label: 'Material médico' });
    await form.getByLabel('Ficha técnica (bien común)').fill(' FT-2011-0042 ');
    await form.getByRole('button', { name: 'Crear ítem' }).click();

    // The error sits beside the Código field, and the field has the focus.
    const codeField = form.locator('.form-field', { has: page.getByLabel('Código') });
    await expect.poll(async () => (await codeField.locator('.form-field__error').textContent()) ?? '').toBe(
      'Solo letras, números, punto y guion',
    );
    expect(await form.getByLabel('Código').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Código').evaluate((element) => element === document.activeElement)).toBe(true);

    await form.getByLabel('Código').fill('PRUEBA-002');
    await form.getByRole('button', { name: 'Crear ítem' }).click();
    await expect.poll(() => text(page, 'formulary-notice')).toContain('Ítem PRUEBA-002');

    // The new item opens in the panel.
    const detail = page.getByTestId('item-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByLabel('Categoría presupuestal').inputValue()).toBe('medical_supplies');
    expect(await detail.getByLabel('Ficha técnica (bien común)').inputValue()).toBe('FT-2011-0042');
    await detail.getByRole('button', { name: 'Desactivar' }).click();
    await expect.poll(() => text(page, 'item-edit-notice')).toContain('Ítem desactivado');
    await detail.getByTestId('item-inactive-notice').waitFor();
    await detail.getByRole('button', { name: 'Activar' }).waitFor();

    // Its history, newest first, names who did each change; the audit trail itself is not linked.
    await detail.getByRole('tab', { name: 'Historial' }).click();
    const history = page.getByTestId('item-history');
    await history.waitFor();
    const rows = history.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toMatch(new RegExp(`Modificación.*${pharmacy.username}.*Activo`));
    expect(await rows.nth(1).textContent()).toMatch(new RegExp(`Creación.*${pharmacy.username}.*PRUEBA-002`));
    expect(await history.getByRole('link', { name: 'Ver en Auditoría' }).count()).toBe(0);

    await session.closePage(page);
  });

  it('when someone else changes an item while it is being edited, then saving shows "Otra persona modificó este ítem" with the current values and re-applying keeps both changes', async () => {
    const item = await createTestItem(session.testApp.db, { code: 'PRUEBA-003', strength: '6 mg', dosageForm: 'Tableta' });
    // The 409 of the stale save is an answer the page expects, not an error of the page.
    const page = await signedInPage('/petitorio?q=PRUEBA-003', [401, 409]);
    const row = page.getByTestId('formulary-table').getByRole('row', { name: /PRUEBA-003/ });
    await row.getByRole('button', { name: 'Editar PRUEBA-003' }).click();
    const detail = page.getByTestId('item-detail');
    await detail.getByLabel('Concentración').waitFor();

    // Meanwhile, another session changes the dosage form.
    const other = await session.browser.request.patch(`${session.baseUrl}/api/items/${item.id}`, {
      data: { version: item.version, dosageForm: 'Tableta recubierta' },
    });
    expect(other.status()).toBe(200);

    await detail.getByLabel('Concentración').fill('3 mg');
    await detail.getByRole('button', { name: 'Guardar cambios' }).click();
    const conflict = detail.getByTestId('item-conflict');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Otra persona modificó este ítem');
    expect(await conflict.textContent()).toContain('Tableta recubierta');
    expect(await conflict.textContent()).toContain('3 mg');

    await conflict.getByRole('button', { name: 'Volver a aplicar mi cambio sobre la versión actual' }).click();
    await expect.poll(() => text(page, 'item-edit-notice')).toContain('Su cambio se aplicó sobre la versión actual');
    expect(await detail.getByLabel('Forma farmacéutica').inputValue()).toBe('Tableta recubierta');
    expect(await detail.getByLabel('Concentración').inputValue()).toBe('3 mg');

    await session.closePage(page);
  });
  it('when the code of an existing item without its leading zeros is typed in "Nuevo ítem", then "Posible duplicado de …" links to that item, and the new item is created all the same', async () => {
    const page = await signedInPage('/petitorio');
    const existing = await session.browser.request.post(`${session.baseUrl}/api/items`, {
      data: { code: '019900061', dci: 'Ibuprofeno de ensayo', strength: '400 mg', dosageForm: 'Tableta', supplyList: 'local', therapeuticGroup: 'Sistema musculoesquelético', ven: 'essential', oncology: false },
    });
    expect(existing.status()).toBe(201);
    const { id } = (await existing.json()) as ItemDto;

    await page.getByRole('button', { name: 'Nuevo ítem' }).click();
    const form = page.getByTestId('item-create-form');
    await form.getByLabel('Código').fill('19900061');
    const warning = form.getByTestId('possible-duplicates');
    await warning.waitFor();
    expect(await warning.textContent()).toContain(
      'Posible duplicado de 019900061 Ibuprofeno de ensayo 400 mg Tableta (mismo código sin contar los ceros a la izquierda).',
    );

    // The link opens that item beside the form, which keeps what was typed.
    await warning.getByRole('link', { name: '019900061 Ibuprofeno de ensayo 400 mg Tableta' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('item')).toBe(String(id));
    const detail = page.getByTestId('item-detail');
    await expect.poll(() => detail.getByLabel('Código').inputValue()).toBe('019900061');
    expect(await form.getByLabel('Código').inputValue()).toBe('19900061');

    // A warning, not an error: the form still creates the item.
    await form.getByLabel('DCI / Denominación').fill('Naproxeno de ensayo');
    await form.getByLabel('Concentración').fill('550 mg');
    await form.getByLabel('Forma farmacéutica').fill('Tableta');
    await form.getByLabel('Cartilla').selectOption('local');
    await form.getByLabel('Grupo terapéutico').fill('Sistema musculoesquelético');
    await form.getByLabel('VEN').selectOption('essential');
    await form.getByRole('button', { name: 'Crear ítem' }).click();
    await expect.poll(() => text(page, 'formulary-notice')).toContain('Ítem 19900061');

    await session.closePage(page);
  });

  it('when a file of 3,000 new items is previewed, then the table holds only the rows in view and scrolling reaches the last one', async () => {
    const rows = Array.from({ length: 3000 }, (_, index) => {
      const code = `VIRT-${String(index + 1).padStart(4, '0')}`;
      return `${code},Producto de prueba ${index + 1},10 mg,Tableta,Suministro local,Varios,Esencial,No`;
    });
    const file = join(fileDir, 'petitorio-grande.csv');
    writeFileSync(file, ['Código,Denominación,Concentración,Forma farmacéutica,Cartilla,Grupo terapéutico,VEN,Oncológico', ...rows].join('\r\n'), 'utf8');

    const page = await signedInPage('/petitorio/importar');
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles(file);
    await expect.poll(() => text(page, 'import-count-created'), { timeout: 20_000 }).toBe('3,000');
    const table = page.getByTestId('import-new-items');
    const bodyRows = table.locator('tbody tr:not(.virtual-spacer)');
    await expect.poll(() => bodyRows.count()).toBeGreaterThan(0);
    expect(await bodyRows.count()).toBeLessThan(100);
    expect(await bodyRows.first().textContent()).toContain('VIRT-0001');

    await table.locator('xpath=ancestor::div[@role="region"][1]').evaluate((region) => {
      region.scrollTop = region.scrollHeight;
    });
    await expect.poll(async () => (await bodyRows.last().textContent()) ?? '').toContain('VIRT-3000');
    expect(await bodyRows.count()).toBeLessThan(100);

    await session.closePage(page);
  });
});
