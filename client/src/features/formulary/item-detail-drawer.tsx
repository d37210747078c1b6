// The panel of one formulary item, beside the table: "Datos" (read, or edited by Farmacia and
// Administración) and "Historial", its changes, for everyone who reads the formulary.
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { ItemDto } from '../../../../shared/api.ts';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { Tabs, type TabDefinition } from '../../platform/components/tabs.tsx';
import { itemKeys } from './formulary-queries.ts';
import { ItemEditForm } from './item-edit-form.tsx';
import { RecordHistoryPanel } from '../../platform/components/record-history-panel.tsx';

type View = 'datos' | 'historial';
const tabs: TabDefinition<View>[] = [
  { id: 'datos', label: 'Datos' },
  { id: 'historial', label: 'Historial' },
];

export function ItemDetailDrawer({
  item,
  onClose,
  onDeleted,
}: {
  /** The item as the cache holds it now (a change being saved shows at once). */
  item: ItemDto;
  onClose: () => void;
  onDeleted: (item: ItemDto) => void;
}) {
  const user = useSessionUser();
  const canEdit = canUse(user, 'formulary-edit');
  const [view, setView] = useState<View>('datos');
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, [item.id]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const title = canEdit ? 'Editar ítem' : 'Ítem';

  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="item-detail-title" data-testid="item-detail">
      <div className="panel__heading drawer__heading">
        <div>
          <p className="drawer__eyebrow">{title}</p>
          <h2 id="item-detail-title" className="panel__title" ref={heading} tabIndex={-1}>
            <span className="code">{item.code}</span> — {item.name}
          </h2>
        </div>
        <button type="button" className="button button--quiet button--small" onClick={onClose} aria-label="Cerrar el panel del ítem">
          Cerrar
        </button>
      </div>
      <p className="drawer__links">
        <Link to={`/petitorio/${item.id}/consumo`}>Consumo y existencias</Link>
      </p>
      <Tabs label={`Ítem ${item.code}`} tabs={tabs} selected={view} onSelect={setView}>
        {view === 'datos' ? (
          <ItemEditForm item={item} canEdit={canEdit} onDeleted={onDeleted} />
        ) : (
          <RecordHistoryPanel
            entity="item"
            entityId={item.id}
            queryKey={itemKeys.history(item.id)}
            of={`del ítem ${item.code}`}
            emptyMessage="No hay registros de auditoría para este ítem (los ítems cargados con los datos iniciales no tienen historial)."
          />
        )}
      </Tabs>
    </aside>
  );
}
