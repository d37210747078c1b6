// Test projects: pure units; the API suite on PGlite and, when TEST_DATABASE_URL is set, the same
// suite on a PostgreSQL server; browser tests when Chromium is installed.
import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl = process.env.TEST_DATABASE_URL;

const apiProject = (name: string, databaseKind: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
  test: {
    name,
    include: ['test/api/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    provide: { databaseKind },
    // Each file starts its own app on its own database, so the files of a worker share the loaded
    // modules instead of importing the whole server again per file (api-pglite: 206 s → 159 s).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

const projects: TestProjectInlineConfiguration[] = [
  { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 } },
  apiProject('api-pglite', 'pglite'),
];
const skipped: string[] = [];

if (postgresUrl) projects.push(apiProject('api-postgres', 'postgres'));
else skipped.push('API en PostgreSQL (defina TEST_DATABASE_URL)');

if (existsSync(chromiumPath)) {
  projects.push({
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      globalSetup: ['test/support/global-setup.ts', 'test/support/build-client.ts'],
      provide: { databaseKind: 'pglite' },
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  });
} else {
  skipped.push(`navegador (no hay Chromium en ${chromiumPath})`);
}

if (skipped.length > 0 && !process.env.VITEST_WORKER_ID) {
  console.warn(`Pruebas omitidas en esta máquina: ${skipped.join('; ')}.`);
}

export default defineConfig({
  test: {
    projects,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one, on the 2-core CI machine. The API
    // and browser tests wait on PostgreSQL and Chromium much of the time, so two overlap that.
    maxWorkers: 2,
  },
});
