// What matched nothing: planned lines no executed line reached (listed in the lines table, filtered),
// and executed lines without a planned line, each with a manual match for finance (one of its
// candidate lines, or «no corresponde a ninguna línea») and «Volver a automático»; «Volver a
// emparejar» runs the automatic matching again over the programme.
import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { channelLabels, processLabels, segmentLabels } from '../../../../shared/domain.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { ExecutedLineDto, ReconciliationSummary } from '../../../../shared/reconciliation-api.ts';
import { problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { PageStepper } from '../../platform/components/page-stepper.tsx';
import { SearchBox } from '../../platform/components/search-box.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatCount, formatQuantity, plural } from '../../platform/lib/format.ts';
import { formatAmountOrDash } from '../../platform/lib/money-display.ts';
import { formatIsoDate } from '../procurement/procurement-display.tsx';
import { invalidateReconciliation, matchExecutedLine, reconciliationQueries, rematch, unmatchExecutedLine } from './reconciliation-api.ts';

const PAGE_SIZE = 25;
/** The select's value for «no corresponde a ninguna línea». */
const NONE = 'none';

export function UnmatchedPanel({
  programmeId,
  summary,
  canMatch,
  onShowUnexecuted,
}: {
  programmeId: number;
  summary: ReconciliationSummary;
  canMatch: boolean;
  onShowUnexecuted: () => void;
}) {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [rematching, setRematching] = useState(false);
  const executions = useQuery(
    reconciliationQueries.executions(programmeId, { matched: 'false', q: q || undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
  );
  const pages = executions.data ? Math.max(1, Math.ceil(executions.data.total / PAGE_SIZE)) : 1;

  const runRematch = async () => {
    setRematching(true);
    setMessage(null);
    try {
      await rematch(programmeId);
      await invalidateReconciliation(queryClient, programmeId);
      setMessage({ kind: 'ok', text: 'Se volvió a emparejar automáticamente; los emparejamientos manuales se conservan.' });
    } catch (error) {
      setMessage({ kind: 'error', text: problemSummary(toProblem(error)) });
    } finally {
      setRematching(false);
    }
  };

  return (
    <section className="panel panel--wide" aria-labelledby="unmatched-title" data-testid="unmatched">
      <div className="panel__heading">
        <h2 id="unmatched-title" className="panel__title">
          Sin emparejar
        </h2>
        {canMatch ? (
          <button type="button" className="button button--small" onClick={() => void runRematch()} disabled={rematching}>
            {rematching ? 'Emparejando…' : 'Volver a emparejar'}
          </button>
        ) : null}
      </div>
      {message ? (
        <FormMessage kind={message.kind} testId="rematch-message">
          <p>{message.text}</p>
        </FormMessage>
      ) : null}
      <p data-testid="unmatched-planned">
        <strong>Líneas planificadas sin ejecución:</strong> {formatCount(summary.unmatched.planned)}.{' '}
        {summary.unmatched.planned > 0 ? (
          <button type="button" className="link-button" onClick={onShowUnexecuted}>
            Verlas en la tabla de líneas
          </button>
        ) : null}
      </p>
      <p data-testid="unmatched-executed">
        <strong>Líneas ejecutadas sin línea planificada:</strong> {formatCount(summary.unmatched.executed)}, por{' '}
        {formatMoney(summary.unmatched.executedAmount)}.
      </p>
      <div className="filters">
        <SearchBox
          label="Buscar por pedido, material o texto"
          value={q}
          onSearch={(text) => {
            setQ(text);
            setPage(1);
          }}
          testId="unmatched-search"
        />
      </div>
      <QueryErrorAlert query={executions} context="las líneas ejecutadas sin emparejar" />
      {!executions.data && !executions.error ? <LoadingState label="Cargando las líneas ejecutadas…" rows={3} /> : null}
      {executions.data ? (
        <>
          <div className="table-scroll table-scroll--auto" role="region" aria-label="Líneas ejecutadas sin línea planificada" tabIndex={0}>
            <table className="data-table unmatched-table" data-testid="unmatched-executions">
              <caption className="visually-hidden">Líneas ejecutadas en SAP sin línea planificada</caption>
              <thead>
                <tr>
                  <th scope="col">Pedido / posición</th>
                  <th scope="col">Fecha</th>
                  <th scope="col">Material</th>
                  <th scope="col">Texto breve</th>
                  <th scope="col" className="num">
                    Cantidad
                  </th>
                  <th scope="col" className="num">
                    Importe
                  </th>
                  <th scope="col">Proveedor</th>
                  <th scope="col">Emparejamiento</th>
                </tr>
              </thead>
              <tbody>
                {executions.data.lines.length === 0 ? (
                  <tr>
                    <td colSpan={8} className="data-table__empty">
                      {q ? 'Ninguna línea ejecutada sin emparejar coincide con la búsqueda.' : 'Toda línea ejecutada tiene su línea planificada.'}
                    </td>
                  </tr>
                ) : (
                  executions.data.lines.map((line) => (
                    <tr key={line.id} data-testid={`unmatched-execution-${line.id}`}>
                      <th scope="row" className="code nowrap">
                        {line.purchasingDocument} / {line.item}
                      </th>
                      <td className="nowrap">{formatIsoDate(line.documentDate)}</td>
                      <td className="code">{line.material ?? '—'}</td>
                      <td>{line.shortText}</td>
                      <td className="num">
                        {formatQuantity(line.orderQuantity)} {line.orderUnit}
                      </td>
                      <td className="num col-money">{formatMoney(line.amount)}</td>
                      <td>{line.vendorName || line.vendor || '—'}</td>
                      <td>
                        <MatchCell programmeId={programmeId} line={line} canMatch={canMatch} />
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <PageStepper page={page} pages={pages} onPage={setPage} label="Paginación de las líneas ejecutadas sin emparejar" count={plural(executions.data.total, 'línea', 'líneas')} />
        </>
      ) : null}
    </section>
  );
}

/** Where the line is and what it holds, so that the choice can be made: planned, and executed so far. */
const candidateLabel = (candidate: ExecutedLineDto['candidates'][number]) =>
  [
    channelLabels[candidate.channel],
    candidate.segment ? segmentLabels[candidate.segment] : null,
    processLabels[candidate.processType],
    candidate.processCode,
    candidate.plannedQuantity === null ? null : `planificado ${formatQuantity(candidate.plannedQuantity)} por ${formatAmountOrDash(candidate.planned)}`,
    `ejecutado ${formatMoney(candidate.executed)}`,
  ]
    .filter(Boolean)
    .join(' · ');

function MatchCell({ programmeId, line, canMatch }: { programmeId: number; line: ExecutedLineDto; canMatch: boolean }) {
  const queryClient = useQueryClient();
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const manualNone = line.matchKind === 'manual' && line.lineId === null;
  const run = async (write: () => Promise<unknown>) => {
    setBusy(true);
    setRefusal(null);
    try {
      await write();
      await invalidateReconciliation(queryClient, programmeId);
    } catch (error) {
      setRefusal(problemSummary(toProblem(error)));
    } finally {
      setBusy(false);
    }
  };
  if (!canMatch) return manualNone ? <span>No corresponde a ninguna línea</span> : <span className="muted">Sin emparejar</span>;
  return (
    <div className="match-cell">
      {manualNone ? <p className="cell-note">Decidido: no corresponde a ninguna línea.</p> : null}
      <label className="visually-hidden" htmlFor={`match-${line.id}`}>
        Línea planificada para el pedido {line.purchasingDocument} / {line.item}
      </label>
      <select id={`match-${line.id}`} className="select" value={choice} onChange={(event) => setChoice(event.target.value)} disabled={busy}>
        <option value="">Elija…</option>
        {line.candidates.map((candidate) => (
          <option key={candidate.lineId} value={String(candidate.lineId)}>
            {candidateLabel(candidate)}
          </option>
        ))}
        <option value={NONE}>No corresponde a ninguna línea</option>
      </select>
      <button
        type="button"
        className="button button--small"
        disabled={busy || choice === ''}
        onClick={() => void run(() => matchExecutedLine(programmeId, line.id, choice === NONE ? null : Number(choice), line.version))}
      >
        Emparejar
      </button>
      {line.matchKind === 'manual' ? (
        <button type="button" className="link-button" disabled={busy} onClick={() => void run(() => unmatchExecutedLine(programmeId, line.id, line.version))}>
          Volver a automático
        </button>
      ) : null}
      {line.candidates.length === 0 ? <p className="cell-note">Ningún ítem planificado con el material {line.material ?? '(sin material)'}.</p> : null}
      {refusal ? (
        <p className="form-field__error" role="alert">
          {refusal}
        </p>
      ) : null}
    </div>
  );
}
