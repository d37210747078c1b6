// A fresh copy of a template database (empty and migrated, or with the demo data) for one test
// file, on the run's database kind.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, pgliteParsers, type DatabaseHandle } from '../../db/database.ts';
import { databaseUrlFor, type TemplateName } from './global-setup.ts';

export interface TestDatabase extends DatabaseHandle {
  /**
   * Another handle on the same database with a pool of its own, as another app server has. On
   * PGlite, whose one connection cannot be shared with a second handle, the same handle again.
   */
  openAgain(poolSize: number): DatabaseHandle & { close(): Promise<void> };
}

/** Empty (migrated, no data) unless `demo`. */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const template = inject('databaseTemplates')[templateName(options)];
  if (inject('databaseKind') === 'pglite') {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]), parsers: pgliteParsers });
    const handle = openPglite(pglite);
    return { ...handle, openAgain: () => ({ ...handle, close: async () => {} }) };
  }
  const serverUrl = inject('serverUrl');
  // Named after the template, so the run's teardown finds and drops it (see global-setup.ts).
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrlFor(serverUrl, name);
  return {
    ...openPostgres(url, 4),
    openAgain: (poolSize) => {
      const handle = openPostgres(url, poolSize);
      return { ...handle, close: () => handle.db.destroy() };
    },
  };
}

/**
 * The environment for `prepareDatabase` on a new, empty database of the run's kind (a PGlite data
 * directory, or an empty database on the server), and how to remove it afterwards.
 */
export async function emptyDatabaseEnv(): Promise<{ env: NodeJS.ProcessEnv; remove: () => Promise<void> }> {
  if (inject('databaseKind') === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'abastece-empty-'));
    return { env: { DATA_DIR: join(dir, 'data') }, remove: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const serverUrl = inject('serverUrl');
  // Named after a template, so the run's teardown drops it even if the test does not.
  const name = `${inject('databaseTemplates').empty}_bare_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  return {
    env: { DATABASE_URL: databaseUrlFor(serverUrl, name) },
    remove: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const templateName = ({ demo = false }: { demo?: boolean }): TemplateName => (demo ? 'demo' : 'empty');
