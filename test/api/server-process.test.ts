// Starting and stopping the real server as a child process: a stop signal ends everything npm
// started, within a few seconds even with connections open, and a busy port stops the start.
import { existsSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseConfigFromEnv, openDatabase } from '../../db/database.ts';
import { emptyDatabaseEnv } from '../support/test-database.ts';
import {
  exitWithin,
  freePort,
  groupAlive,
  killLeftovers,
  portOpen,
  serverCommand,
  spawnChild,
  waitForHealth,
  waitUntil,
} from '../support/server-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  killLeftovers();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function emptyDatabase(): Promise<NodeJS.ProcessEnv> {
  const { env, remove } = await emptyDatabaseEnv();
  cleanups.push(remove);
  return env;
}

/**
 * The server let go of its data directory: no lock left, and it opens here. (A PostgreSQL server's
 * connections end with the process that held them.)
 */
async function expectDatabaseReleased(env: NodeJS.ProcessEnv): Promise<void> {
  if (!env.DATA_DIR) return;
  expect(existsSync(join(env.DATA_DIR, 'abastece.lock'))).toBe(false);
  const { db } = await openDatabase(databaseConfigFromEnv(env));
  try {
    expect(await db.selectFrom('users').select('username').execute()).toEqual([{ username: 'admin' }]);
  } finally {
    await db.destroy();
  }
}

/** A keep-alive connection that has had its answer and now sits idle. */
function idleKeepAliveConnection(port: number): Promise<Agent> {
  const agent = new Agent({ keepAlive: true });
  return new Promise((resolve, reject) => {
    get({ port, host: '127.0.0.1', path: '/api/health', agent }, (response) => {
      response.resume();
      response.once('end', () => resolve(agent));
    }).once('error', reject);
  });
}

/** A connection whose request never finishes its headers. */
function hungRequest(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1', () => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

describe('the server process', () => {
  it('when npm start gets SIGTERM with connections open, then it closes them and the database, exits 0 and leaves no process and a free port', async () => {
    const env = await emptyDatabase();
    const port = await freePort();
    const npm = spawnChild(['npm', 'start'], { ...env, PORT: String(port) });
    await waitForHealth(npm, port);
    const idle = await idleKeepAliveConnection(port);
    const hung = await hungRequest(port);
    hung.on('error', () => {});
    cleanups.push(() => {
      idle.destroy();
      hung.destroy();
    });

    process.kill(npm.child.pid!, 'SIGTERM');

    // The hung request would hold a stop without a bound for a minute (Node's headersTimeout).
    expect(await exitWithin(npm, 15_000)).toBe(0);
    await waitUntil('no process started by npm start remains', () => !groupAlive(npm));
    expect(await portOpen(port)).toBe(false);
    expect(npm.output()).toContain('Abastece detenido.');
    await expectDatabaseReleased(env);
  }, 150_000);

  it('when the port is already in use, then the server says so in Spanish, closes its database and exits 1', async () => {
    const env = await emptyDatabase();
    const port = await freePort();
    const occupant: Server = await new Promise((resolve) => {
      const server = createServer().listen(port, () => resolve(server));
    });
    cleanups.push(() => new Promise<void>((resolve) => occupant.close(() => resolve())));

    const server = spawnChild(serverCommand, { ...env, PORT: String(port) });

    expect(await server.exited).toBe(1);
    expect(server.output()).toContain(`El puerto ${port} ya está en uso`);
    expect(server.output()).not.toContain('Abastece listo');
    // As after SIGTERM: a helper process (tsx's esbuild service) may take a moment to follow.
    await waitUntil('no process started by the server remains', () => !groupAlive(server));
    await expectDatabaseReleased(env);
  }, 150_000);
});
