// Signing in, roles and the audit trail in a real browser (Debian's Chromium via playwright-core):
// what each role sees, the sign-in errors, an expired session, and an administrator creating a
// user and finding it in its history.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleLabels, roles, type Role } from '../../shared/auth.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestProgramme } from '../support/factories.ts';
import { createTestUsers, type TestApp } from '../support/test-app.ts';

let session: BrowserSession;
let testApp: TestApp;
let baseUrl: string;
let users: Record<Role, { username: string; password: string }>;

beforeAll(async () => {
  session = await startBrowserSession();
  ({ testApp, baseUrl } = session);
  users = await createTestUsers(testApp);
  // Two lines: 1,200 × S/ 0.45 and 300 × S/ 12.3456, S/ 4,243.68 in all.
  await createTestProgramme(testApp.db, { name: 'Compra 2026' });
});

afterAll(() => session?.close());

/** The statuses a test expects (401 before signing in, a wrong password) are not page errors. */
const openPage = (path: string, expectedStatuses: readonly number[] = [401]) => session.openPage(path, { expectedStatuses });
const closePage = (page: Page) => session.closePage(page);

async function signInThroughForm(page: Page, credentials: { username: string; password: string }) {
  await page.getByRole('heading', { name: 'Ingresar a Abastece' }).waitFor();
  await page.getByLabel('Usuario', { exact: true }).fill(credentials.username);
  await page.getByLabel('Contraseña', { exact: true }).fill(credentials.password);
  await page.getByRole('button', { name: 'Ingresar', exact: true }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Salir' }).click();
  await page.getByRole('heading', { name: 'Ingresar a Abastece' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/ingresar');
}

const navigation = (page: Page) => page.getByRole('navigation', { name: 'Secciones' });

const sees: Record<Role, { users: boolean; audit: boolean }> = {
  admin: { users: true, audit: true },
  finance: { users: false, audit: true },
  logistics: { users: false, audit: false },
  pharmacy: { users: false, audit: false },
  viewer: { users: false, audit: false },
};

const describeLinks = ({ users: u, audit: a }: { users: boolean; audit: boolean }) =>
  u && a ? 'Usuarios and Auditoría' : a ? 'Auditoría but not Usuarios' : 'neither Usuarios nor Auditoría';

describe('Roles in the browser', () => {
  for (const role of roles) {
    it(`when a user with the ${role} role signs in, then the navigation shows ${describeLinks(sees[role])} and the programme shows its total, S/ 4,243.68`, async () => {
      const page = await openPage('/');
      await signInThroughForm(page, users[role]);

      const total = page.getByTestId('grand-total-amount');
      await total.waitFor();
      expect((await total.textContent())?.trim()).toBe('S/ 4,243.68');
      expect((await page.getByTestId('account-name').textContent())?.trim()).toBe(`Prueba ${role}`);

      const nav = navigation(page);
      await nav.getByRole('link', { name: 'Petitorio' }).waitFor();
      expect(await nav.getByRole('link', { name: 'Usuarios' }).count()).toBe(sees[role].users ? 1 : 0);
      expect(await nav.getByRole('link', { name: 'Auditoría' }).count()).toBe(sees[role].audit ? 1 : 0);

      // A page the role may not use says so instead of failing.
      for (const [path, allowed] of [
        ['/usuarios', sees[role].users],
        ['/auditoria', sees[role].audit],
      ] as const) {
        if (allowed) continue;
        await page.goto(`${baseUrl}${path}`);
        await page.getByRole('heading', { name: 'No tiene permiso para ver esta página' }).waitFor();
      }

      await signOut(page);
      await closePage(page);
    });
  }

  it('when a user signs in with a wrong password, then the form says the username or password is wrong', async () => {
    const page = await openPage('/petitorio');
    await signInThroughForm(page, { username: users.viewer.username, password: 'no-es-la-contraseña' });
    const error = page.getByTestId('sign-in-error');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe('Usuario o contraseña incorrectos');
    expect(await page.getByLabel('Contraseña', { exact: true }).inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/ingresar');
    await closePage(page);
  });

  it('when the session expires, then the sign-in page says so and brings the user back to the same page', async () => {
    const page = await openPage('/petitorio?lista=local');
    await signInThroughForm(page, users.pharmacy);
    await page.getByTestId('formulary-table').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/petitorio?lista=local');

    testApp.clock.advance(31 * 60_000); // Past the idle time-out.
    await page.getByRole('button', { name: /Suministro centralizado/ }).click();

    await page.getByTestId('session-expired').waitFor();
    expect((await page.getByTestId('session-expired').textContent())?.trim()).toBe('Su sesión expiró; ingrese de nuevo');
    await signInThroughForm(page, users.pharmacy);
    await page.getByTestId('formulary-table').waitFor();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/petitorio?lista=centralized');

    await signOut(page);
    await closePage(page);
  });

  it('when an administrator submits a taken username and a short password, then each message shows beside its field', async () => {
    const page = await openPage('/usuarios', [401, 409]);
    await signInThroughForm(page, users.admin);
    await page.getByRole('heading', { name: 'Usuarios', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    const form = page.getByTestId('user-create-form');

    await form.getByLabel('Usuario', { exact: true }).fill(users.viewer.username);
    await form.getByLabel('Nombre completo').fill('Otra Persona');
    await form.getByLabel(roleLabels.viewer).check();
    await form.getByLabel('Contraseña inicial', { exact: true }).fill('corta');
    await form.getByRole('button', { name: 'Crear usuario' }).click();
    await form.getByText('La contraseña debe tener al menos 12 caracteres').waitFor();

    await form.getByLabel('Contraseña inicial', { exact: true }).fill('una contraseña larga');
    await form.getByRole('button', { name: 'Crear usuario' }).click();
    await form.getByText(`El usuario «${users.viewer.username}» ya existe.`).waitFor();

    await page.getByRole('button', { name: 'Cancelar' }).click();
    await signOut(page);
    await closePage(page);
  });

  it('when an administrator creates a user through the Usuarios form, then it appears in the table and in its Historial', async () => {
    const page = await openPage('/usuarios');
    await signInThroughForm(page, users.admin);
    await page.getByRole('heading', { name: 'Usuarios', exact: true }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/usuarios');

    await page.getByRole('button', { name: 'Nuevo usuario' }).click();
    const form = page.getByTestId('user-create-form');
    await form.getByLabel('Usuario', { exact: true }).fill('mquispe');
    await form.getByLabel('Nombre completo').fill('María Quispe Huamán');
    await form.getByLabel(roleLabels.pharmacy).check();
    await form.getByLabel(roleLabels.logistics).check();
    await form.getByLabel('Contraseña inicial', { exact: true }).fill('farmacia central 2012');
    await form.getByRole('button', { name: 'Crear usuario' }).click();

    await page.getByText('Usuario «mquispe» creado.').waitFor();
    const row = page.getByTestId('users-table').locator('tbody tr', { hasText: 'mquispe' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('María Quispe Huamán');
    expect(await row.textContent()).toContain('Farmacia');

    await row.getByRole('link', { name: 'Historial de mquispe' }).click();
    const history = page.getByTestId('user-history');
    await history.waitFor();
    const entry = history.locator('tbody tr', { hasText: 'Creación' });
    await expect.poll(() => entry.count()).toBe(1);
    expect(await entry.textContent()).toContain('María Quispe Huamán');
    expect(await entry.textContent()).toContain(users.admin.username);

    await signOut(page);
    await closePage(page);
  });

  it('when an administrator checks the audit trail, then the chain is reported intact, and the newest hash, written down, holds while a different one does not', async () => {
    const page = await openPage('/auditoria');
    await signInThroughForm(page, users.admin);
    await page.getByTestId('audit-table').waitFor();
    await page.getByRole('button', { name: 'Verificar integridad' }).click();
    const result = page.getByTestId('integrity-result');
    await expect.poll(async () => (await result.textContent()) ?? '').toMatch(/^✓ Cadena íntegra: \d+ registros$/);

    const anchor = page.getByTestId('audit-anchor');
    await anchor.getByText('Constancia de la cadena').click();
    const head = anchor.getByTestId('audit-head');
    await expect.poll(async () => (await head.textContent()) ?? '').toMatch(/Último registro: #\d+ — hash [0-9a-f]{64}/);
    const [, id, hash] = /#(\d+) — hash ([0-9a-f]{64})/.exec((await head.textContent()) ?? '')!;

    const check = async (rowId: string, rowHash: string) => {
      await anchor.getByLabel('Registro #').fill(rowId);
      await anchor.getByLabel('Hash anotado').fill(rowHash);
      await anchor.getByRole('button', { name: 'Comprobar constancia' }).click();
    };
    await check(id!, 'no-es-un-hash');
    const hashField = anchor.locator('.form-field', { has: page.getByLabel('Hash anotado') });
    await expect.poll(async () => (await hashField.locator('.form-field__error').textContent()) ?? '').toContain('64 caracteres');

    await check(id!, hash!);
    const verdict = anchor.getByTestId('audit-anchor-result');
    await expect.poll(async () => (await verdict.textContent()) ?? '').toContain('conserva el hash anotado');
    await check(id!, '0'.repeat(64));
    await expect.poll(async () => (await verdict.textContent()) ?? '').toContain('ya no tiene el hash anotado');
    await signOut(page);
    await closePage(page);
  });
});
