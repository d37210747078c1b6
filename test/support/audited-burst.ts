// A burst of audited writes of every kind at once (item creates and updates, sign-ins, failed
// sign-ins), spread over several app servers: for the audit concurrency test and its bench.
import type { Server } from 'node:http';
import request from 'supertest';
import type { ItemDto } from '../../shared/api.ts';

export interface BurstSize {
  itemCreates: number;
  itemUpdates: number;
  signIns: number;
  failedSignIns: number;
}

export interface BurstInput {
  /** The session cookie of a user who may change the formulary. */
  editorCookie: string;
  /** At least `itemUpdates` items, as read (with their version). */
  itemsToUpdate: readonly ItemDto[];
  /** Users who sign in, in turn. */
  users: readonly { username: string; password: string }[];
  /** Created items are coded `<prefix>-0`, `<prefix>-1`… (and updates name it): one per burst on a database. */
  codePrefix?: string;
}

export interface BurstResult {
  /** Each write's status, and the one it should have. */
  statuses: number[];
  expected: number[];
  ms: number;
}

/**
 * Fires every write at once, round-robin over `servers`. Each writes exactly one audit row. The
 * servers must trust X-Forwarded-For from loopback: each sign-in comes from an address of its own,
 * so the throttle stays out of it.
 */
export async function fireAuditedBurst(servers: readonly Server[], size: BurstSize, input: BurstInput): Promise<BurstResult> {
  const writes: { status: number; send: (server: Server) => request.Test }[] = [];
  const { editorCookie: cookie, codePrefix = 'RAFAGA' } = input;
  // Interleaved, so every kind runs beside every other.
  for (let i = 0; i < Math.max(size.itemCreates, size.itemUpdates, size.signIns, size.failedSignIns); i++) {
    if (i < size.itemCreates) {
      writes.push({ status: 201, send: (s) => request(s).post('/api/items').set('Cookie', cookie).send(burstItem(`${codePrefix}-${i}`, i)) });
    }
    if (i < size.itemUpdates) {
      const { id, version } = input.itemsToUpdate[i]!;
      writes.push({
        status: 200,
        send: (s) => request(s).patch(`/api/items/${id}`).set('Cookie', cookie).send({ version, therapeuticGroup: `Grupo ${codePrefix} ${i}` }),
      });
    }
    if (i < size.signIns) {
      const credentials = input.users[i % input.users.length]!;
      writes.push({ status: 200, send: (s) => request(s).post('/api/session').set('X-Forwarded-For', address(1, i)).send(credentials) });
    }
    if (i < size.failedSignIns) {
      writes.push({
        status: 401,
        send: (s) => request(s).post('/api/session').set('X-Forwarded-For', address(2, i)).send({ username: `nadie-${i}`, password: 'equivocada' }),
      });
    }
  }
  const started = performance.now();
  const responses = await Promise.all(writes.map((write, i) => write.send(servers[i % servers.length]!)));
  const ms = performance.now() - started;
  return { statuses: responses.map((response) => response.status), expected: writes.map((write) => write.status), ms };
}

const address = (group: number, i: number) => `10.${group}.${Math.floor(i / 250)}.${(i % 250) + 1}`;

function burstItem(code: string, i: number) {
  return {
    code,
    dci: `Principio activo ${i}`,
    strength: '500 mg',
    dosageForm: 'tableta',
    supplyList: 'local',
    therapeuticGroup: 'Analgésicos',
    ven: 'essential',
    oncology: false,
  };
}
