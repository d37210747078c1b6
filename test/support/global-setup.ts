// Builds one migrated, seeded database per test run, which every test file then clones: a new
// PGlite takes seconds to create, a clone of a dump a fraction of that.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openPglite, openPostgres, pgliteParsers } from '../../db/database.ts';
import { seedDemoDataIfEmpty } from '../../db/seed/demo-seed.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: 'pglite' | 'postgres';
    /** pglite: path of a data-directory dump; postgres: name of a template database. */
    databaseTemplate: string;
    serverUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.provide.databaseKind ?? 'pglite';
  return kind === 'postgres' ? setupPostgres(project) : setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'abastece-test-'));
  const pglite = await PGlite.create({ parsers: pgliteParsers });
  const { db } = openPglite(pglite);
  await migrateToLatest(db);
  await seedDemoDataIfEmpty(db);
  const dump = await pglite.dumpDataDir('none');
  const path = join(dir, 'template.tar');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await db.destroy();
  project.provide('databaseKind', 'pglite');
  project.provide('databaseTemplate', path);
  return () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const template = `abastece_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const { db } = openPostgres(databaseUrlFor(serverUrl, template), 1);
  await migrateToLatest(db);
  await seedDemoDataIfEmpty(db);
  await db.destroy();
  project.provide('databaseKind', 'postgres');
  project.provide('databaseTemplate', template);
  project.provide('serverUrl', serverUrl);
  return async () => {
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${template}\\_%`],
    );
    for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
