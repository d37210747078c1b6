// "Historial" of one record (a user, an item…): its changes from the audit trail, newest first,
// each with what changed. The link to the whole trail is for those who may read it.
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RecordHistoryPage } from '../../../../shared/auth.ts';
import { auditActionLabels } from '../../../../shared/auth.ts';
import { apiQuery } from '../api/query-client.ts';
import { canUse } from '../../features/auth/permissions.ts';
import { useSessionUser } from '../../features/auth/session-context.tsx';
import { AuditChanges } from './audit-changes.tsx';
import { LoadingState, QueryErrorAlert } from './status-views.tsx';
import { formatCount, formatDateTime } from '../lib/format.ts';

const HISTORY_SIZE = 50;

export interface RecordHistoryPanelProps {
  /** The audit trail's entity name, which is also the API's: 'user' reads /users/:id/history. */
  entity: 'user' | 'item';
  entityId: number;
  /** The feature's key for this record's history, under the record's own: a write to the record invalidates it. */
  queryKey: QueryKey;
  /** How the record is named on screen: "del usuario ana.quispe", "del ítem 010100001". */
  of: string;
  emptyMessage: string;
}

export function RecordHistoryPanel({ entity, entityId, queryKey, of, emptyMessage }: RecordHistoryPanelProps) {
  const history = useQuery(
    apiQuery<RecordHistoryPage>(queryKey, `/${entity}s/${entityId}/history`, { kind: 'live', params: { pageSize: HISTORY_SIZE } }),
  );
  const canReadAudit = canUse(useSessionUser(), 'audit');
  const auditLink = `/auditoria?${new URLSearchParams({ entidad: entity, id: String(entityId) })}`;

  if (history.error) return <QueryErrorAlert query={history} context="el historial" />;
  if (!history.data) return <LoadingState label="Cargando el historial…" rows={3} />;
  const { entries, total } = history.data;

  return (
    <div className="history" data-testid={`${entity}-history`}>
      <div className="table-scroll table-scroll--auto" role="region" aria-label={`Historial ${of}`} tabIndex={0}>
        <table className="data-table history-table">
          <caption className="visually-hidden">Historial {of}, del más reciente al más antiguo</caption>
          <thead>
            <tr>
              <th scope="col">Cambio</th>
              <th scope="col">Qué cambió</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={2} className="data-table__empty">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              entries.map((entry) => (
                // One narrow first column, so the changes keep the width even in the item's side panel.
                <tr key={entry.id}>
                  <th scope="row" className="history-table__when">
                    <span className="history-table__action">{auditActionLabels[entry.action] ?? entry.action}</span>
                    <span className="col-nowrap">{formatDateTime(entry.at)}</span>
                    <span className="muted">por {entry.username ?? 'el sistema'}</span>
                  </th>
                  <td>
                    <AuditChanges entry={entry} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {total > entries.length || canReadAudit ? (
        <p className="source-note">
          {total > entries.length
            ? `Se muestran los ${formatCount(entries.length)} registros más recientes de ${formatCount(total)}. `
            : null}
          {canReadAudit ? <Link to={auditLink}>Ver en Auditoría</Link> : null}
        </p>
      ) : null}
    </div>
  );
}
