// Query keys and reads of the audit trail; its checks run on demand and are not cached.
import { useMutation } from '@tanstack/react-query';
import type { AuditPage, AuditVerification } from '../../../../shared/auth.ts';
import type { AuditVerifyQuery } from '../../../../shared/auth-schemas.ts';
import { getJson, type QueryParams } from '../../platform/api/api-client.ts';
import { apiQuery } from '../../platform/api/query-client.ts';

export const auditKeys = {
  all: ['audit'] as const,
  page: (params: QueryParams) => [...auditKeys.all, 'page', params] as const,
};

export const auditQueries = {
  page: (params: QueryParams) => apiQuery<AuditPage>(auditKeys.page(params), '/audit', { kind: 'live', params, paged: true }),
};

/** Recomputes the hash chain (and checks an anchor written down earlier, when given). */
export function useVerifyAudit() {
  return useMutation({
    mutationFn: (anchor: AuditVerifyQuery) => getJson<AuditVerification>('/audit/verify', { ...anchor }),
  });
}
