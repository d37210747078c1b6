// The audit trail is a hash chain: each row's hash covers the previous row's hash and the row's
// own canonical content (RFC 8785 JSON), so changing, removing or reordering any row shows.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  clientAddress: string | null;
}

export function chainHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update(canonicalize(content) ?? '').digest('hex');
}

/** What JSON (and jsonb) would keep of a value: dates become strings, undefined disappears. */
export function asJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
