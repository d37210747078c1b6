// Builds two template databases per test run, which test files then clone: an empty migrated one
// (the default: tests arrange their own data with test/support/factories.ts) and one with the demo
// data (for the tests about the demo). A new PGlite takes seconds to create, a clone of a dump a
// fraction of that.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openPglite, openPostgres, pgliteParsers } from '../../db/database.ts';
import { seedDemoDataIfEmpty } from '../../db/seed/demo-seed.ts';

/** empty: migrated, no data; demo: migrated and seeded with the demo data. */
export type TemplateName = 'empty' | 'demo';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: 'pglite' | 'postgres';
    /** pglite: paths of data-directory dumps; postgres: names of template databases. */
    databaseTemplates: Record<TemplateName, string>;
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
  const dump = async (name: TemplateName) => {
    const path = join(dir, `${name}.tar`);
    writeFileSync(path, Buffer.from(await (await pglite.dumpDataDir('none')).arrayBuffer()));
    return path;
  };
  const empty = await dump('empty');
  await seedDemoDataIfEmpty(db);
  const demo = await dump('demo');
  await db.destroy();
  project.provide('databaseKind', 'pglite');
  project.provide('databaseTemplates', { empty, demo });
  return () => rmSync(dir, { recursive: true, force: true });
}

async function setupPostgres(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL!;
  const prefix = `abastece_template_${process.pid}`;
  const templates: Record<TemplateName, string> = { empty: `${prefix}_empty`, demo: `${prefix}_demo` };
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  for (const [name, database] of Object.entries(templates)) {
    await admin.query(`drop database if exists ${database}`);
    await admin.query(`create database ${database}`);
    const { db } = openPostgres(databaseUrlFor(serverUrl, database), 1);
    await migrateToLatest(db);
    if (name === 'demo') await seedDemoDataIfEmpty(db);
    await db.destroy();
  }
  project.provide('databaseKind', 'postgres');
  project.provide('databaseTemplates', templates);
  project.provide('serverUrl', serverUrl);
  return async () => {
    // Every database of the run is named after the prefix (see test-database.ts).
    const { rows } = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${prefix}\_%`],
    );
    const isTemplate = (name: string) => Object.values(templates).includes(name);
    for (const { datname } of rows.filter((row) => !isTemplate(row.datname))) await admin.query(`drop database if exists ${datname} with (force)`);
    for (const database of Object.values(templates)) await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  };
}

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
