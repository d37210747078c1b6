// One process per PGlite data directory: a second one is refused while the first lives, and the
// directory is free again once the first closes or is gone.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../db/database.ts';
import {
  freePort,
  healthy,
  killLeftovers,
  serverCommand,
  spawnChild,
  waitForHealth,
} from '../support/server-process.ts';

let root: string;
let dataDir: string;
let lockPath: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'abastece-lock-'));
  dataDir = join(root, 'data');
  lockPath = join(dataDir, 'abastece.lock');
  // Created once: a first PGlite start on an empty directory takes seconds.
  const { db } = await openDatabase({ dataDir });
  await db.destroy();
}, 60_000);
afterEach(() => {
  killLeftovers();
  rmSync(lockPath, { force: true });
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const readLock = () => JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number; hostname: string };

/** What this process writes into the lock file while it holds the directory. */
async function ownLockRecord(): Promise<Record<string, unknown>> {
  const { db } = await openDatabase({ dataDir });
  const record = readLock() as unknown as Record<string, unknown>;
  await db.destroy();
  return record;
}

describe('data directory lock', () => {
  it('when a server holds the data directory, then a second server and db:reset exit 1 naming its pid and what to do, and the first keeps serving', async () => {
    const port = await freePort();
    const holder = spawnChild(serverCommand, { DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(holder, port);

    const second = spawnChild(serverCommand, { DATA_DIR: dataDir, PORT: String(await freePort()) });
    const reset = spawnChild(['npm', 'run', 'db:reset'], { DATA_DIR: dataDir });

    for (const refused of [second, reset]) {
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain(`ya está abierto por otro proceso de Abastece (pid ${holder.child.pid}`);
      expect(refused.output()).toContain(`borre «${lockPath}»`);
    }
    expect(await healthy(port)).toBe(true);
    expect(readLock().pid).toBe(holder.child.pid);
  }, 150_000);

  it('when the server holding the data directory is killed with SIGKILL, then the next open takes the directory over', async () => {
    const port = await freePort();
    const holder = spawnChild(serverCommand, { DATA_DIR: dataDir, PORT: String(port) });
    await waitForHealth(holder, port);
    process.kill(holder.child.pid!, 'SIGKILL');
    await holder.exited;
    expect(readLock().pid).toBe(holder.child.pid);

    const { db } = await openDatabase({ dataDir });
    expect(readLock().pid).toBe(process.pid);
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
    await db.destroy();
    expect(existsSync(lockPath)).toBe(false);
  }, 150_000);

  it('when a handle on the data directory is destroyed, then the directory it held, refused a moment before, opens again', async () => {
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(`(pid ${process.pid}`);
    expect((await sql<{ one: number }>`select 1 as one`.execute(first.db)).rows).toEqual([{ one: 1 }]);
    await first.db.destroy();
    expect(existsSync(lockPath)).toBe(false);

    const again = await openDatabase({ dataDir });
    expect((await sql<{ one: number }>`select 1 as one`.execute(again.db)).rows).toEqual([{ one: 1 }]);
    await again.db.destroy();
  }, 60_000);

  it('when the lock names a process on another host, then the directory is refused, since that process cannot be checked from here', async () => {
    const record = { ...(await ownLockRecord()), hostname: 'otra-maquina' };
    writeFileSync(lockPath, JSON.stringify(record));

    await expect(openDatabase({ dataDir })).rejects.toThrow(`(pid ${process.pid} en «otra-maquina»`);
    expect(readLock()).toEqual(record);
  }, 60_000);

  it('when the lock names a live pid that started at another time (the pid was reused), then the directory is taken over', async () => {
    const record = await ownLockRecord();
    writeFileSync(lockPath, JSON.stringify({ ...record, processStart: '1' }));

    const { db } = await openDatabase({ dataDir });
    expect(readLock()).toMatchObject({ pid: process.pid, processStart: record.processStart });
    await db.destroy();
  }, 60_000);
});
