import type { Kysely, Transaction } from 'kysely';
import type { HistoryQuery } from '../../../shared/api-schemas.ts';
import type { AuditAction, AuditAnchor, AuditEntity, AuditEntryDto, AuditPage, AuditVerification, RecordHistoryPage, SessionUser } from '../../../shared/auth.ts';
import type { AuditQuery } from '../../../shared/auth-schemas.ts';
import type { Database } from '../../../db/schema.ts';
import type { RequestContext } from '../../platform/http/request-context.ts';
import * as repository from './audit.repository.ts';

export interface AuditEvent {
  action: AuditAction;
  /** One of auditEntities, so the Auditoría filter offers every entity the trail holds. */
  entity: AuditEntity;
  entityId?: string | number | null;
  before?: unknown;
  after?: unknown;
  /** Who acted, when not the request's signed-in user (e.g. the one signing in). */
  actor?: Pick<SessionUser, 'id' | 'username'> | { id: null; username: string };
}

const asJson = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));

export type AuditContext = Pick<RequestContext, 'requestId' | 'clientAddress' | 'user'> | null;

function auditRow(context: AuditContext, now: Date, event: AuditEvent): repository.AuditRowInsert {
  const actor = event.actor ?? context?.user;
  return {
    at: now,
    user_id: actor?.id ?? null,
    username: actor?.username ?? null,
    action: event.action,
    entity: event.entity,
    entity_id: event.entityId === undefined || event.entityId === null ? null : String(event.entityId),
    before: asJson(event.before),
    after: asJson(event.after),
    request_id: context?.requestId ?? null,
    client_address: context?.clientAddress ?? null,
  };
}

/**
 * Appends one row to the audit trail. Call it inside the use case's transaction, so the change
 * and its record are committed together or not at all; the database chains the row's hash.
 *
 * Make it the LAST statement of the transaction: appending locks the chain's head until commit,
 * so every audited write everywhere waits while this transaction runs anything after it (and a
 * lock taken after it could deadlock with a writer waiting for the head).
 */
export async function recordAudit(trx: Transaction<Database>, context: AuditContext, now: Date, event: AuditEvent): Promise<void> {
  await recordAudits(trx, context, now, [event]);
}

/** Appends many rows in the order given, in a few statements; LAST in the transaction, as recordAudit. */
export async function recordAudits(trx: Transaction<Database>, context: AuditContext, now: Date, events: readonly AuditEvent[]): Promise<void> {
  await repository.insertAuditRows(trx, events.map((event) => auditRow(context, now, event)));
}

/** A use case's transaction: its writes go through `trx`, its audit events wait in `audit`. */
export interface AuditedTransaction {
  trx: Transaction<Database>;
  audit: AuditEvent[];
}

/**
 * Runs a use case in one transaction and appends its audit events at the end, so the append is
 * the last statement however many writes (of however many aggregates) the use case composes.
 */
export async function auditedTransaction<T>(
  db: Kysely<Database>,
  context: AuditContext,
  now: Date,
  work: (tx: AuditedTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const tx: AuditedTransaction = { trx, audit: [] };
    const result = await work(tx);
    await recordAudits(trx, context, now, tx.audit);
    return result;
  });
}

export function toAuditEntry(row: repository.AuditRow): AuditEntryDto {
  return {
    id: Number(row.id),
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
    hash: row.hash,
  };
}

export async function listAudit(db: Kysely<Database>, query: AuditQuery): Promise<AuditPage> {
  const { rows, total } = await repository.findAuditRows(db, query);
  return { entries: rows.map(toAuditEntry), total };
}

/** The history of one record, as the record's own page shows it. */
export async function recordHistory(
  db: Kysely<Database>,
  entity: AuditEntity,
  entityId: number,
  query: HistoryQuery,
): Promise<RecordHistoryPage> {
  const { rows, total } = await repository.findAuditRows(db, { ...query, entity, entityId: String(entityId) });
  const entries = rows.map(toAuditEntry).map(({ id, at, username, action, before, after }) => ({ id, at, username, action, before, after }));
  return { entries, total };
}

/** Recomputes the chain and, when given an anchor written down earlier, checks it still holds. */
export async function verifyAudit(db: Kysely<Database>, anchor?: AuditAnchor): Promise<AuditVerification> {
  const [{ rows, brokenAt, last }, anchorHash] = await Promise.all([
    repository.findFirstBrokenLink(db),
    anchor ? repository.findHash(db, anchor.id) : undefined,
  ]);
  const checked = anchor && { ...anchor, holds: anchorHash === anchor.hash };
  const common = { head: last ? { id: Number(last.id), hash: last.hash } : null, ...(checked ? { anchor: checked } : {}) };
  if (brokenAt !== null) return { ok: false, brokenAt: Number(brokenAt), rows, ...common };
  if (checked && !checked.holds) return { ok: false, brokenAt: checked.id, rows, ...common };
  return { ok: true, rows, ...common };
}

export const streamAuditEntries = repository.streamAuditRows;
