// "Historial" of one formulary item: its audit entries (creation, changes, activation), newest
// first, each with what changed. Only Administración and Finanzas may read the audit trail.
import { Link } from 'react-router';
import type { AuditPage } from '../../../../shared/auth.ts';
import { auditActionLabels } from '../../../../shared/auth.ts';
import { useApi } from '../../api/use-api.ts';
import { AuditChanges } from '../../components/audit-changes.tsx';
import { ErrorAlert, LoadingState } from '../../components/status-views.tsx';
import { formatCount, formatDateTime } from '../../lib/format.ts';

const HISTORY_SIZE = 50;

/** Keyed by the item's version where used, so that a saved change shows up at once. */
export function ItemHistoryPanel({ itemId, code }: { itemId: number; code: string }) {
  const history = useApi<AuditPage>('/audit', { entity: 'item', entityId: String(itemId), pageSize: HISTORY_SIZE });
  const auditLink = `/auditoria?${new URLSearchParams({ entidad: 'item', id: String(itemId) })}`;

  if (history.error) return <ErrorAlert problem={history.error} onRetry={history.reload} context="el historial" />;
  if (!history.data) return <LoadingState label="Cargando el historial…" rows={3} />;
  const { entries, total } = history.data;

  return (
    <div className="history" data-testid="item-history">
      <div className="table-scroll table-scroll--auto" role="region" aria-label={`Historial del ítem ${code}`} tabIndex={0}>
        <table className="data-table history-table">
          <caption className="visually-hidden">Historial del ítem {code}, del más reciente al más antiguo</caption>
          <thead>
            <tr>
              <th scope="col">Fecha</th>
              <th scope="col">Acción</th>
              <th scope="col">Por</th>
              <th scope="col">Cambios</th>
            </tr>
          </thead>
          <tbody>
            {entries.length === 0 ? (
              <tr>
                <td colSpan={4} className="data-table__empty">
                  No hay registros de auditoría para este ítem (los ítems cargados con los datos iniciales no tienen historial).
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
