// What to do with the selected lines: move them to a channel / segment / process, or delete them,
// in one all-or-nothing request; or assign them to a selection process of the programme.
import { useState, type ReactNode } from 'react';
import { channelLabels, channels, processLabels, processes, segmentLabels, segments } from '../../../../shared/domain.ts';
import { problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { plural } from '../../platform/lib/format.ts';
import type { BulkAction } from './use-planning-writes.ts';

export function BulkBar({
  count,
  pending,
  error,
  onClear,
  onApply,
  canMove,
  assign,
}: {
  count: number;
  pending: boolean;
  error: unknown;
  onClear: () => void;
  onApply: (action: BulkAction) => void;
  /** The lines themselves may change (a draft programme). */
  canMove: boolean;
  /** "Asignar a proceso…", when the officer may assign lines to processes. */
  assign?: ReactNode;
}) {
  const [channel, setChannel] = useState('');
  const [segment, setSegment] = useState('');
  const [process, setProcess] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const move = () => {
    if (!channel && !segment && !process) return setMessage('Elija el canal, el segmento o el proceso al que mover las líneas.');
    if (channel === 'minsa_corporate' && !segment) return setMessage('La Compra Corporativa MINSA lleva segmento: elíjalo.');
    setMessage(null);
    const set: Extract<BulkAction, { set: unknown }>['set'] = {};
    if (channel) set.channel = channel as (typeof channels)[number];
    if (channel === 'essalud') set.segment = null;
    else if (segment) set.segment = segment as (typeof segments)[number];
    if (process) set.process = process as (typeof processes)[number];
    onApply({ set });
  };

  return (
    <div className="bulk-bar" role="region" aria-label="Acciones sobre las líneas seleccionadas" data-testid="bulk-bar">
      <p className="bulk-bar__count">{plural(count, 'línea seleccionada', 'líneas seleccionadas')}</p>
      {canMove ? (
        <>
          <label className="bulk-bar__field">
            Canal
            <select className="select" value={channel} onChange={(event) => setChannel(event.target.value)}>
              <option value="">(sin cambio)</option>
              {channels.map((value) => (
                <option key={value} value={value}>
                  {channelLabels[value]}
                </option>
              ))}
            </select>
          </label>
          <label className="bulk-bar__field">
            Segmento
            <select className="select" value={channel === 'essalud' ? '' : segment} disabled={channel === 'essalud'} onChange={(event) => setSegment(event.target.value)}>
              <option value="">(sin cambio)</option>
              {segments.map((value) => (
                <option key={value} value={value}>
                  {segmentLabels[value]}
                </option>
              ))}
            </select>
          </label>
          <label className="bulk-bar__field">
            Proceso
            <select className="select" value={process} onChange={(event) => setProcess(event.target.value)}>
              <option value="">(sin cambio)</option>
              {processes.map((value) => (
                <option key={value} value={value}>
                  {processLabels[value]}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button--primary" onClick={move} disabled={pending}>
            Mover
          </button>
          {confirmDelete ? (
            <>
              <button type="button" className="button button--danger" onClick={() => onApply({ delete: true })} disabled={pending}>
                Confirmar: eliminar {plural(count, 'línea', 'líneas')}
              </button>
              <button type="button" className="button button--quiet" onClick={() => setConfirmDelete(false)}>
                No eliminar
              </button>
            </>
          ) : (
            <button type="button" className="button" onClick={() => setConfirmDelete(true)} disabled={pending}>
              Eliminar
            </button>
          )}
        </>
      ) : null}
      {assign}
      <button type="button" className="button button--quiet" onClick={onClear}>
        Quitar selección
      </button>
      {message ? (
        <p className="form-field__error bulk-bar__message" role="alert">
          {message}
        </p>
      ) : null}
      {error ? (
        <p className="form-field__error bulk-bar__message" role="alert">
          No se aplicó nada: {problemSummary(toProblem(error))}
        </p>
      ) : null}
    </div>
  );
}
