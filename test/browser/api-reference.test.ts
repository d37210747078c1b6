// The API reference page in a real browser: the server's OpenAPI document read in Spanish.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policy } from '../../server/features/auth/policy.ts';
import { startBrowserSession, type BrowserSession } from '../support/browser.ts';
import { createTestUsers } from '../support/test-app.ts';

let session: BrowserSession;

beforeAll(async () => {
  session = await startBrowserSession();
  const { viewer } = await createTestUsers(session.testApp);
  expect((await session.browser.request.post(`${session.baseUrl}/api/session`, { data: viewer })).status()).toBe(200);
});

afterAll(() => session?.close());

describe('The API reference, in the browser', () => {
  it('when a user follows the footer link, then every operation of the policy is listed, and searching narrows them, accents ignored', async () => {
    const page = await session.openPage('/petitorio');
    await page.getByRole('link', { name: 'Referencia de la API' }).click();
    await page.getByRole('heading', { name: 'Referencia de la API' }).waitFor();
    const all = Object.keys(policy).length;
    await expect.poll(() => page.getByTestId('api-operation').count()).toBe(all);
    expect(await page.getByTestId('api-operation-count').textContent()).toBe(`${all} de ${all} operaciones`);

    await page.getByTestId('api-search').fill('historial de un item');
    await expect.poll(() => page.getByTestId('api-operation').count()).toBe(1);

    const operation = page.getByTestId('api-operation').first();
    await operation.getByText('/api/items/{id}/history').click();
    await operation.getByRole('heading', { name: 'Parámetros' }).waitFor();
    const pageSize = operation.getByRole('row', { name: /pageSize/ });
    expect(await pageSize.textContent()).toContain('entero de 1 a');
    expect(await operation.textContent()).toContain('Acceso: cualquier usuario con sesión.');
    await session.closePage(page);
  });

  it('when an operation takes a body, then its fields, whether required, and what they accept are shown', async () => {
    const page = await session.openPage('/referencia-api');
    await page.getByTestId('api-search').fill('crear un item');
    await expect.poll(() => page.getByTestId('api-operation').count()).toBe(1);
    const operation = page.getByTestId('api-operation').first();
    await operation.locator('summary').click();
    const ven = operation.getByRole('row', { name: /^ven\b/ });
    expect(await ven.textContent()).toBe('vencuerpoSíuno de: "vital", "essential", "non_essential"');
    expect(await operation.textContent()).toContain('Acceso: Administración, Farmacia');
    await session.closePage(page);
  });
});
