import type { Kysely, Transaction } from 'kysely';
import type { AuditAction, AuditEntryDto, AuditPage, AuditVerification, SessionUser } from '../../shared/auth.ts';
import type { AuditQuery } from '../../shared/auth-schemas.ts';
import type { Database } from '../../db/schema.ts';
import type { RequestContext } from '../http/request-context.ts';
import { GENESIS_HASH, asJson, chainHash, type AuditContent } from './audit-chain.ts';
import * as repository from './audit.repository.ts';

export interface AuditEvent {
  action: AuditAction;
  entity: string;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** Who acted, when not the request's signed-in user (e.g. the one signing in). */
  actor?: Pick<SessionUser, 'id' | 'username'> | { id: null; username: string };
}

/**
 * Appends one row to the audit trail. Call it inside the use case's transaction, so the change
 * and its record are committed together or not at all.
 */
export async function recordAudit(
  trx: Transaction<Database>,
  context: Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'> | null,
  now: Date,
  event: AuditEvent,
): Promise<void> {
  const actor = event.actor ?? context?.user;
  const content: AuditContent = {
    at: now.toISOString(),
    userId: actor?.id ?? null,
    username: actor?.username ?? null,
    action: event.action,
    entity: event.entity,
    entityId: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
    before: asJson(event.before),
    after: asJson(event.after),
    requestId: context?.requestId ?? null,
    clientAddress: context?.clientAddress ?? null,
  };
  const prevHash = (await repository.lockAndReadLastHash(trx)) ?? GENESIS_HASH;
  await repository.insertAuditRow(trx, {
    at: now,
    user_id: content.userId,
    username: content.username,
    action: event.action,
    entity: content.entity,
    entity_id: content.entityId,
    before: content.before === null ? null : JSON.stringify(content.before),
    after: content.after === null ? null : JSON.stringify(content.after),
    request_id: content.requestId,
    client_address: content.clientAddress,
    prev_hash: prevHash,
    hash: chainHash(prevHash, content),
  });
}

function contentOf(row: repository.AuditRow): AuditContent {
  return {
    at: row.at.toISOString(),
    userId: row.user_id,
    username: row.username,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.request_id,
    clientAddress: row.client_address,
  };
}

export function toAuditEntry(row: repository.AuditRow): AuditEntryDto {
  const { at, userId, username, action, entity, entityId, before, after, requestId, clientAddress } = contentOf(row);
  return {
    id: Number(row.id),
    at,
    userId,
    username,
    action: action as AuditAction,
    entity,
    entityId,
    before,
    after,
    requestId,
    clientAddress,
    hash: row.hash,
  };
}

export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditPage> {
  const { rows, total } = await repository.findAuditRows(db, query);
  return { entries: rows.map(toAuditEntry), total };
}

/** Recomputes the chain from the first row; the first row that does not fit is reported. */
export async function verifyAudit(db: Kysely<Database>): Promise<AuditVerification> {
  let expectedPrev = GENESIS_HASH;
  let rows = 0;
  let brokenAt: number | undefined;
  for await (const batch of repository.streamChain(db)) {
    for (const row of batch) {
      rows++;
      if (brokenAt !== undefined) continue;
      if (row.prev_hash !== expectedPrev || chainHash(row.prev_hash, contentOf(row)) !== row.hash) {
        brokenAt = Number(row.id);
      }
      expectedPrev = row.hash;
    }
  }
  return brokenAt === undefined ? { ok: true, rows } : { ok: false, brokenAt, rows };
}

export const streamAuditEntries = repository.streamAuditRows;
