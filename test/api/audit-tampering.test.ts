// Tampering with the order of the audit chain, or with its end, behind the triggers' back (as the
// database's owner can), is still caught now that the chain is walked by position.
import { sql, type Transaction } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../server/features/audit/audit.service.ts';
import type { Database } from '../../db/schema.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

let testApp: TestApp;

beforeAll(async () => {
  testApp = await startTestApp();
  for (const entity of ['uno', 'dos', 'tres', 'cuatro']) {
    await testApp.db.insertInto('audit_log').values({ at: new Date(), action: 'update', entity }).execute();
  }
});
afterAll(() => testApp.close());

const rolledBack = new Error('rolled back');

/** Each test tampers inside a transaction that is then rolled back: the next finds the trail intact. */
async function tampering(test: (trx: Transaction<Database>) => Promise<void>) {
  await expect(
    testApp.db.transaction().execute(async (trx) => {
      expect(await verifyAudit(trx)).toMatchObject({ ok: true });
      await test(trx);
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
}

/** Runs statements with the triggers off (append-only and chaining), as replication does. */
async function behindTheTriggers(trx: Transaction<Database>, write: () => Promise<unknown>) {
  await sql`set local session_replication_role = replica`.execute(trx);
  await write();
  await sql`set local session_replication_role = origin`.execute(trx);
}

const chain = (trx: Transaction<Database>) =>
  trx.selectFrom('audit_log').select(['id', 'position', 'hash']).orderBy('position').execute();

describe('tampering with the order or the end of the audit chain', () => {
  it('when rows go in several to one statement, then each chains onto the one before; when two then swap places, verify names the one moved earlier', () =>
    tampering(async (trx) => {
      await trx.insertInto('audit_log').values(['a', 'b', 'c'].map((entity) => ({ at: new Date(), action: 'update' as const, entity }))).execute();
      expect(await verifyAudit(trx)).toMatchObject({ ok: true });

      const rows = await chain(trx);
      const [earlier, later] = [rows.at(-4)!, rows.at(-2)!];
      await behindTheTriggers(trx, async () => {
        await sql`update audit_log set position = -1 where id = ${earlier.id}`.execute(trx);
        await sql`update audit_log set position = ${earlier.position} where id = ${later.id}`.execute(trx);
        await sql`update audit_log set position = ${later.position} where id = ${earlier.id}`.execute(trx);
      });
      expect(await verifyAudit(trx)).toMatchObject({ ok: false, brokenAt: Number(later.id) });
    }));

  it('when the newest row is deleted behind the triggers, then verify fails at the row the chain now ends on', () =>
    tampering(async (trx) => {
      const rows = await chain(trx);
      await behindTheTriggers(trx, () => sql`delete from audit_log where id = ${rows.at(-1)!.id}`.execute(trx));
      expect(await verifyAudit(trx)).toMatchObject({ ok: false, brokenAt: Number(rows.at(-2)!.id), rows: rows.length - 1 });
    }));

  it('when a well-chained row is appended behind the triggers, without moving the head, then verify names that row', () =>
    tampering(async (trx) => {
      const last = (await chain(trx)).at(-1)!;
      let forged = '';
      await behindTheTriggers(trx, async () => {
        const { rows } = await sql<{ id: string }>`
          insert into audit_log (at, action, entity, position, prev_hash, hash)
          values (now(), 'update', 'forged', ${Number(last.position) + 1}, ${last.hash}, '')
          returning id
        `.execute(trx);
        forged = rows[0]!.id;
        await sql`update audit_log set hash = audit_log_hash(prev_hash, audit_log_content(audit_log)) where id = ${forged}`.execute(trx);
      });
      expect(await verifyAudit(trx)).toMatchObject({ ok: false, brokenAt: Number(forged) });
    }));

  it('when a position is skipped, even with the head moved to match, then verify names the row after the gap', () =>
    tampering(async (trx) => {
      const last = (await chain(trx)).at(-1)!;
      await behindTheTriggers(trx, async () => {
        await sql`update audit_log set position = position + 1 where id = ${last.id}`.execute(trx);
        await sql`update audit_chain_head set position = position + 1`.execute(trx);
      });
      expect(await verifyAudit(trx)).toMatchObject({ ok: false, brokenAt: Number(last.id) });
    }));
});
