// The app behind a real port and Debian's Chromium driven by playwright-core, for browser tests.
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { chromiumPath } from '../../vitest.config.ts';
import { clientDir } from './build-client.ts';
import { startTestApp, type TestApp } from './test-app.ts';

export interface BrowserSession {
  testApp: TestApp;
  baseUrl: string;
  browser: BrowserContext;
  /**
   * Opens a page, recording what it throws or logs as an error, and every Content-Security-Policy
   * violation (even one the page catches, as a probe of `new Function` does). Chromium logs every
   * HTTP error a fetch receives ("Failed to load resource: … status of 401"); the statuses a test
   * expects are not errors of the page.
   */
  openPage(path: string, options?: { expectedStatuses?: readonly number[]; viewport?: { width: number; height: number } }): Promise<Page>;
  /** Closes the page, failing the test if the page threw or logged an error. */
  closePage(page: Page): Promise<void>;
  close(): Promise<void>;
}

/**
 * On an empty database unless `demo` (the tests about the demo data). `importWaitMs: 0` makes every
 * SAP import answer 202 with its job, as a long one does.
 */
export async function startBrowserSession(options: { demo?: boolean; importWaitMs?: number } = {}): Promise<BrowserSession> {
  const testApp = await startTestApp({ clientDir, demo: options.demo, importWaitMs: options.importWaitMs });
  const server = await new Promise<Server>((resolve) => {
    const listening = testApp.app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const address = server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  // A fresh profile every run: nothing carries over between runs.
  const profileDir = mkdtempSync(join(tmpdir(), 'abastece-chromium-'));
  const browser = await chromium.launchPersistentContext(profileDir, {
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

  // Chromium reports a violation only as a DOM event, which playwright does not surface: each page
  // logs it as an error, before any script of the page runs.
  await browser.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const where = event.sourceFile ? ` (${event.sourceFile}:${event.lineNumber})` : '';
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}${where}`);
    });
  });

  const pageErrors = new WeakMap<Page, string[]>();
  return {
    testApp,
    baseUrl,
    browser,
    async openPage(path, { expectedStatuses = [401], viewport = { width: 1280, height: 800 } } = {}) {
      const page = await browser.newPage();
      await page.setViewportSize(viewport);
      const errors: string[] = [];
      pageErrors.set(page, errors);
      const expected = new RegExp(`status of (${expectedStatuses.join('|') || 'none'})\\b`);
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (message.text().startsWith('Failed to load resource') && expected.test(message.text())) return;
        errors.push(message.text());
      });
      await page.goto(`${baseUrl}${path}`);
      return page;
    },
    async closePage(page) {
      await page.close();
      expect(pageErrors.get(page)).toEqual([]);
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await testApp.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}
