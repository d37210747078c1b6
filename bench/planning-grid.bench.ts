// npx tsx bench/planning-grid.bench.ts — the planning grid of a 20,000-line programme in Chromium
// (the built client, served by a server process of its own on a PGlite data directory, as
// `npm start` runs it), printed as figures, no assertions: first rows on screen after navigation,
// every line loaded, a keystroke's move to the next frame, and an inline edit from Enter to the
// totals changed (optimistic) and to the server's confirmation.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { ensureClientBuilt } from '../server/client-build.ts';
import { createPlanningProgramme, PLANNING_LINES as LINES } from './planning-programme.ts';
import { createUser } from '../server/features/users/users.service.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (values: number[]) => `median ${median(values).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms over ${values.length}`;

ensureClientBuilt(root, join(root, 'dist', 'client'));
const dataDir = mkdtempSync(join(tmpdir(), 'abastece-grid-bench-'));
const { db } = await openDatabase({ dataDir });
await migrateToLatest(db);
const programme = await createPlanningProgramme(db);
await createUser(db, null, new Date(), { username: 'bench', fullName: 'Bench', password: 'bench-password-123', roles: ['logistics'] });
await db.destroy();

// The server in a process of its own, so that its work and the browser driver's do not share a thread.
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address() as { port: number };
    probe.close(() => resolve(free));
  });
});
const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, ABASTECE_DEMO_DATA: 'false', ABASTECE_ADMIN_PASSWORD: 'bench-admin-password-123' },
  stdio: 'ignore',
});
const base = `http://127.0.0.1:${port}`;
for (let attempt = 0; ; attempt++) {
  if (await fetch(`${base}/api/health`).then((answer) => answer.ok, () => false)) break;
  if (attempt > 240) throw new Error('the server did not start');
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const context = await browser.newContext({ locale: 'es-PE', viewport: { width: 1600, height: 1000 } });
await context.request.post(`${base}/api/session`, { data: { username: 'bench', password: 'bench-password-123' } });
const page = await context.newPage();
const gridPath = `/programas/${programme.id}/planificar`;

const firstRows: number[] = [];
const allLines: number[] = [];
for (let run = 0; run < 5; run++) {
  await page.goto(`${base}/programas`);
  await page.getByTestId('programmes-table').waitFor();
  const begin = Date.now();
  await page.evaluate((path) => {
    // A client-side navigation, as a click on a link makes.
    history.pushState(null, '', path);
    dispatchEvent(new PopStateEvent('popstate'));
  }, gridPath);
  await page.locator('tbody.planning-row').first().waitFor();
  firstRows.push(Date.now() - begin);
  await page.waitForFunction(() => document.querySelector('[data-testid=planning-count]')?.textContent === '20,000 líneas', null, { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid=planning-totals-bar] .muted'));
  allLines.push(Date.now() - begin);
}
console.log(`first rows on screen after navigation: ${ms(firstRows)}`);
console.log(`all ${LINES.toLocaleString('en')} lines loaded: ${ms(allLines)}`);

await page.locator('tbody.planning-row [data-field=quantity]').first().click();
// As text: tsx would wrap a function's inner helpers in __name(), which the page does not have.
const keys = (await page.evaluate(`(async () => {
  const times = [];
  for (const key of ['ArrowDown', 'ArrowDown', 'PageDown', 'ArrowUp', 'PageDown', 'ArrowDown', 'PageUp', 'ArrowDown', 'ArrowDown', 'PageDown']) {
    const begin = performance.now();
    document.activeElement.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - begin);
  }
  return times;
})()`)) as number[];
console.log(`keystroke to next frame (arrows, PageUp/PageDown): ${ms(keys)}`);

const optimistic: number[] = [];
const confirmed: number[] = [];
for (let run = 0; run < 20; run++) {
  const before = await page.getByTestId('planning-grand-total').textContent();
  await page.keyboard.press('Enter');
  await page.locator('.cell-editor').waitFor();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(String(5000 + run));
  const begin = Date.now();
  await page.keyboard.press('Enter');
  await page.waitForFunction((text) => document.querySelector('[data-testid=planning-grand-total]')?.textContent !== text, before);
  optimistic.push(Date.now() - begin);
  await page.waitForFunction(() => !document.querySelector('tbody.is-saving'));
  confirmed.push(Date.now() - begin);
  await page.keyboard.press('ArrowDown');
}
console.log(`inline edit, Enter to totals changed (optimistic): ${ms(optimistic)}`);
console.log(`inline edit, Enter to saved (PATCH answered, row confirmed): ${ms(confirmed)}`);

await browser.close();
server.kill('SIGTERM');
await new Promise((resolve) => server.once('exit', resolve));
rmSync(dataDir, { recursive: true, force: true });
