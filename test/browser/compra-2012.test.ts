// The app in a real browser: Debian's Chromium driven by playwright-core.
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../../vitest.config.ts';
import { clientDir } from '../support/build-client.ts';
import { createTestUsers, startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;
let server: Server;
let browser: BrowserContext;
let baseUrl: string;
let profileDir: string;

beforeAll(async () => {
  testApp = await startTestApp({ clientDir });
  server = await new Promise<Server>((resolve) => {
    const listening = testApp.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  profileDir = mkdtempSync(join(tmpdir(), 'abastece-chromium-'));
  // A fresh profile every run: nothing carries over between runs.
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath,
    headless: true,
    locale: 'es-PE',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // Signed in as a read-only user; signing in through the form is tested in roles.test.ts.
  const { viewer } = await createTestUsers(testApp);
  const signIn = await browser.request.post(`${baseUrl}/api/session`, { data: viewer });
  expect(signIn.status()).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
  await testApp?.close();
  rmSync(profileDir, { recursive: true, force: true });
});

const pageErrors = new WeakMap<Page, string[]>();

async function openPage(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${baseUrl}${path}`);
  return page;
}

/** Closes the page, failing the test if the page threw or logged an error. */
async function closePage(page: Page) {
  await page.close();
  expect(pageErrors.get(page)).toEqual([]);
}

describe('Compra 2012 in the browser', () => {
  it('when a user opens the app, then Compra 2012 shows the grand total S/ 622,729,321.01', async () => {
    const page = await openPage('/');
    const total = page.getByTestId('grand-total-amount');
    await total.waitFor();
    expect((await total.textContent())?.trim()).toBe('S/ 622,729,321.01');
    expect((await page.getByTestId('grand-total-items').textContent())?.trim()).toBe('667');
    await expect.poll(() => page.getByText('S/ 207,771,443.11').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('S/ 414,957,877.90').count()).toBeGreaterThan(0);
    await closePage(page);
  });

  it('when a user filters the lines by channel and sorts by amount, then the table and the URL follow', async () => {
    const page = await openPage('/');
    const count = page.getByTestId('lines-total');
    await expect.poll(async () => (await count.textContent()) ?? '').toContain('667');
    await page.getByLabel('Canal').selectOption('essalud');
    await expect.poll(async () => (await count.textContent()) ?? '').toContain('321');
    await page.getByRole('button', { name: /Monto \(S\/\)/ }).last().click();
    await expect.poll(() => new URL(page.url()).searchParams.get('orden')).toBe('amount');
    const firstRowText = await page.locator('.purchase-lines tbody tr').first().textContent();
    expect(firstRowText).toContain('Compra EsSalud');
    await closePage(page);
  });

  it('when a user opens the Petitorio, then the supply lists show 666 and 253 and a search finds accented names', async () => {
    const page = await openPage('/petitorio', { width: 1920, height: 1080 });
    const centralized = page.getByTestId('supply-list-count-centralized');
    await centralized.waitFor();
    await expect.poll(async () => (await centralized.textContent()) ?? '').toContain('666');
    expect(await page.getByTestId('supply-list-count-local').textContent()).toContain('253');
    await page.getByLabel(/buscar/i).fill('acido');
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Ácido' }).count()).toBeGreaterThan(0);
    await closePage(page);
  });

  it('when a user opens Presupuesto, then the 2011 total is S/ 1,034,468,320.34', async () => {
    const page = await openPage('/presupuesto');
    await expect.poll(() => page.getByText('S/ 1,034,468,320.34').count()).toBe(1);
    await closePage(page);
  });
});
