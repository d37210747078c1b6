// "Historial" of one record (a user, an item…): its audit entries, newest first, each with what
// changed. Only Administración and Finanzas may read the audit trail.
import { Link } from 'react-router';
import type { AuditPage } from '../../../shared/auth.ts';
import { auditActionLabels } from '../../../shared/auth.ts';
import { useApi } from '../api/use-api.ts';
import { AuditChanges } from './audit-changes.tsx';
import { ErrorAlert, LoadingState } from './status-views.tsx';
import { formatCount, formatDateTime } from '../lib/format.ts';

const HISTORY_SIZE = 50;

export interface RecordHistoryPanelProps {
  /** The audit trail's entity name: 'user', 'item'… */
  entity: string;
  entityId: number;
  /** How the record is named on screen: "del usuario ana.quispe", "del ítem 010100001". */
  of: string;
  emptyMessage: string;
}

export function RecordHistoryPanel({ entity, entityId, of, emptyMessage }: RecordHistoryPanelProps) {
  const history = useApi<AuditPage>('/audit', { entity, entityId: String(entityId), pageSize: HISTORY_SIZE });
  const auditLink = `/auditoria?${new URLSearchParams({ entidad: entity, id: String(entityId) })}`;

  if (history.error) return <ErrorAlert problem={history.error} onRetry={history.reload} context="el historial" />;
  if (!history.data) return <LoadingState label="Cargando el historial…" rows={3} />;
  const { entries, total } = history.data;

  return (
    <div className="history" data-testid={`${entity}-history`}>
      <div className="table-scroll table-scroll--auto" role="region" aria-label={`Historial ${of}`} tabIndex={0}>
        <table className="data-table history-table">
          <caption className="visually-hidden">Historial {of}, del más reciente al más antiguo</caption>
          <thead>
            <tr>
              <th scope="col">Fecha</th>
              <th scope="col">Acción</th>
              <th scope="col">Realizada por</th>
              <th scope="col">Cambios</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={4} className="data-table__empty">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="col-nowrap">
                    {formatDateTime(entry.at)}
                  </th>
                  <td className="col-nowrap">{auditActionLabels[entry.action] ?? entry.action}</td>
                  <td className="col-nowrap">{entry.username ?? <span className="muted">Sistema</span>}</td>
                  <td>
                    <AuditChanges entry={entry} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <p className="source-note">
        {total > entries.length
          ? `Se muestran los ${formatCount(entries.length)} registros más recientes de ${formatCount(total)}. `
          : null}
        <Link to={auditLink}>Ver en Auditoría</Link>
      </p>
    </div>
  );
}
