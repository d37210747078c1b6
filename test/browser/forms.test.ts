// Every page with a form, given invalid input, in a real browser (Debian's Chromium via
// playwright-core): each says what is wrong in Spanish, and none violates the
// Content-Security-Policy (the harness fails a page on any violation, e.g. zod probing eval).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ItemDto } from '../../shared/api.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestItem } from '../support/factories.ts';
import { createTestUsers, type Credentials } from '../support/test-app.ts';

let session: BrowserSession;
let admin: Credentials;
let viewerName: string;
let fileDir: string;

beforeAll(async () => {
  session = await startBrowserSession();
  const users = await createTestUsers(session.testApp);
  admin = users.admin;
  viewerName = users.viewer.username;
  await createTestItem(session.testApp.db, { code: 'FORM-EXISTENTE' });
  fileDir = mkdtempSync(join(tmpdir(), 'abastece-forms-'));
});

afterAll(async () => {
  await session?.close();
  if (fileDir) rmSync(fileDir, { recursive: true, force: true });
});

/** The error shown beside one field of a form. */
const errorOf = (form: Locator, page: Page, label: string) =>
  form.locator('.form-field', { has: page.getByLabel(label, { exact: true }) }).locator('.form-field__error');

const textOf = async (locator: Locator) => ((await locator.textContent()) ?? '').trim();

describe('Forms with invalid input', () => {
  it('when every form (sign-in, Mi cuenta, Usuarios create and edit, Petitorio create and edit, import) gets invalid input, then each shows Spanish messages beside the fields and no page violates the CSP', async () => {
    // The 422 of the unreadable file is an answer the page expects.
    const page = await session.openPage('/ingresar', { expectedStatuses: [401, 422] });

    // Sign-in, empty.
    await page.getByRole('heading', { name: 'Ingresar a Abastece' }).waitFor();
    const signIn = page.locator('form');
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await expect.poll(() => textOf(errorOf(signIn, page, 'Usuario'))).toBe('Complete este campo');
    await page.getByLabel('Usuario', { exact: true }).fill(admin.username);
    await page.getByLabel('Contraseña', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
    await page.getByTestId('account-name').waitFor();

    // Mi cuenta: a new password too short.
    await page.getByRole('link', { name: 'Mi cuenta' }).click();
    await page.getByRole('heading', { name: 'Cambiar contraseña' }).waitFor();
    const account = page.locator('form', { has: page.getByLabel('Contraseña actual', { exact: true }) });
    await account.getByLabel('Contraseña actual', { exact: true }).fill('cualquiera');
    await account.getByLabel('Nueva contraseña', { exact: true }).fill('corta');
    await account.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect.poll(() => textOf(errorOf(account, page, 'Nueva contraseña'))).toBe('La contraseña debe tener al menos 12 caracteres');

    // Usuarios: a new user with nothing filled in, then an existing one with its name erased.
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Usuarios' }).click();
    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    const create = page.getByTestId('user-create-form');
    await create.getByRole('button', { name: 'Crear usuario' }).click();
    await expect.poll(() => textOf(errorOf(create, page, 'Nombre completo'))).toBe('Complete este campo');
    await expect.poll(async () => (await create.textContent()) ?? '').toContain('Asigne al menos un rol');
    await page.getByRole('button', { name: 'Cancelar' }).click();
    await page.getByRole('link', { name: `Editar ${viewerName}` }).click();
    const edit = page.getByTestId('user-edit-form');
    await edit.getByLabel('Nombre completo', { exact: true }).fill('');
    await edit.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect.poll(() => textOf(errorOf(edit, page, 'Nombre completo'))).toBe('Complete este campo');

    // Petitorio: a new item with no supply list nor VEN class; the messages name the labels, not the codes.
    await page.getByRole('navigation', { name: 'Secciones' }).getByRole('link', { name: 'Petitorio' }).click();
    await page.getByRole('button', { name: 'Nuevo ítem' }).click();
    const item = page.getByTestId('item-create-form');
    await item.getByLabel('Código', { exact: true }).fill('FORM-001');
    await item.getByRole('button', { name: 'Crear ítem' }).click();
    await expect.poll(() => textOf(errorOf(item, page, 'Cartilla'))).toBe('Elija «Suministro centralizado» o «Suministro local»');
    expect(await textOf(errorOf(item, page, 'VEN'))).toBe('Elija «Vital», «Esencial» o «No esencial»');
    expect(await textOf(errorOf(item, page, 'Concentración'))).toBe('Obligatorio');
    await item.getByRole('button', { name: 'Cancelar' }).click();

    // Petitorio: an existing item with its strength erased.
    const { items } = (await (await session.browser.request.get(`${session.baseUrl}/api/items?pageSize=1`)).json()) as { items: ItemDto[] };
    const first = items[0]!;
    await page.getByRole('button', { name: `Editar ${first.code}` }).click();
    const detail = page.getByTestId('item-detail');
    await detail.getByLabel('Concentración', { exact: true }).fill('');
    await detail.getByRole('button', { name: 'Guardar cambios' }).click();
    await expect.poll(() => textOf(errorOf(detail, page, 'Concentración'))).toBe('Obligatorio');

    // Import: a file that is no spreadsheet.
    const file = join(fileDir, 'no-es-hoja.csv');
    writeFileSync(file, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10]));
    await page.goto(`${session.baseUrl}/petitorio/importar`);
    await page.getByLabel('Archivo CSV o XLSX').setInputFiles(file);
    await expect.poll(() => textOf(page.getByTestId('import-error'))).toContain('No se pudo leer el archivo');

    await session.closePage(page);
  });
});
