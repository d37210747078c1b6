// A fresh copy of the seeded template database for one test file, on the run's database kind.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, pgliteParsers, type DatabaseHandle } from '../../db/database.ts';
import { databaseUrlFor } from './global-setup.ts';

export async function createTestDatabase(): Promise<DatabaseHandle> {
  const template = inject('databaseTemplate');
  if (inject('databaseKind') === 'pglite') {
    const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(template)]), parsers: pgliteParsers });
    return openPglite(pglite);
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
  return openPostgres(databaseUrlFor(serverUrl, name), 4);
}
