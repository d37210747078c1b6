// One selection process: its status and the moves allowed from it, its dates, the timeline of its
// status changes (who, when), what it is worth, and its lines with their reference prices and awards.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { processStatusLabels, processTransitions, endedWithoutContract, type ProcessStatus } from '../../../../shared/procurement.ts';
import type { ProcessDetail, ProcessDto } from '../../../../shared/procurement-api.ts';
import { processPatchSchema } from '../../../../shared/procurement-schemas.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';
import { ApiError, patchJson, problemSummary, toProblem } from '../../platform/api/api-client.ts';
import { FormSummary, FormTextField } from '../../platform/components/form-controls.tsx';
import { LoadingState, QueryErrorAlert } from '../../platform/components/status-views.tsx';
import { formatDateTime, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash } from '../../platform/lib/money-display.ts';
import { showRequestError, useSchemaForm } from '../../platform/lib/use-schema-form.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { NotFoundPage } from '../../platform/pages/not-found-page.tsx';
import { canUse } from '../auth/permissions.ts';
import { useSessionUser } from '../auth/session-context.tsx';
import { parseProgrammeId } from '../programmes/programme-id.ts';
import { ProcessLinesTable } from './process-lines-table.tsx';
import { formatIsoDate, formatPercent, processKindLabel, ProcessStatusBadge, SavingAmount, processSaving } from './procurement-display.tsx';
import { invalidateAfterProcessWrite, procurementQueries } from './procurement-queries.ts';
import '../planning/planning.css';
import './procurement.css';

export function ProcessPage() {
  const processId = parseProgrammeId(useParams().processId);
  const process = useQuery({ ...procurementQueries.process(processId ?? 0), enabled: processId !== null });
  if (processId === null) return <NotFoundPage />;
  if (process.error instanceof ApiError && process.error.status === 404) return <NotFoundPage />;
  if (process.error) return <QueryErrorAlert query={process} context="el proceso" />;
  if (!process.data) return <LoadingState label="Cargando el proceso…" rows={6} />;
  return <ProcessView process={process.data} />;
}

/** The label of a move to a status, as a button says it. */
const moveLabels: Record<ProcessStatus, string> = {
  programado: 'Volver a programado',
  convocado: 'Convocar',
  adjudicado: 'Adjudicar (buena pro)',
  consentido: 'Consentir la buena pro',
  contratado: 'Registrar el contrato',
  desierto: 'Declarar desierto',
  nulo: 'Declarar nulo',
};

function ProcessView({ process }: { process: ProcessDetail }) {
  useDocumentTitle(`Proceso ${process.code}`);
  const user = useSessionUser();
  const canWrite = canUse(user, 'procurement-edit');

  return (
    <section className="page process-page" aria-labelledby="process-title">
      <header className="page__header planning-page__header">
        <div>
          <p className="process-page__programme">
            <Link to={`/programas/${process.programme.id}/procesos`}>Procesos de {process.programme.name}</Link>
          </p>
          <h1 id="process-title" className="page__title">
            <span className="code">{process.code}</span> <ProcessStatusBadge status={process.status} testId="process-status" />
          </h1>
          <p className="page__lead">
            {process.title} · {processKindLabel(process)}
          </p>
        </div>
        <nav className="planning-page__links" aria-label="Otras vistas">
          <Link to={`/programas/${process.programme.id}/planificar`}>Líneas del plan</Link>
          <Link to="/proveedores">Proveedores</Link>
        </nav>
      </header>

      {canWrite ? <StatusActions process={process} /> : null}

      <ProcessFigures process={process} />
      <div className="process-overview">
        <ProcessDates process={process} canWrite={canWrite} />
        <Timeline process={process} />
      </div>
      <ProcessLinesTable process={process} canWrite={canWrite} />
    </section>
  );
}

/** The process's value: exact sums of its lines, and its saving over the awarded ones, as the server computes them. */
function ProcessFigures({ process }: { process: ProcessDetail }) {
  const figures = processSaving(process);
  return (
    <dl className="process-figures" data-testid="process-figures">
      <div>
        <dt>Líneas</dt>
        <dd>{plural(process.lines, 'línea', 'líneas')}</dd>
      </div>
      <div>
        <dt>Valor referencial</dt>
        <dd data-testid="process-reference">{formatMoneyOrDash(process.reference)}</dd>
      </div>
      <div>
        <dt>Adjudicado</dt>
        <dd data-testid="process-awarded">{formatMoneyOrDash(process.awarded)}</dd>
      </div>
      <div>
        <dt>Ahorro</dt>
        <dd data-testid="process-saving">
          {figures && figures.awardedLines > 0 ? (
            <>
              <SavingAmount amount={figures.saving} /> ({formatPercent(figures.percent)})
            </>
          ) : (
            '—'
          )}
        </dd>
      </div>
      <div>
        <dt>Sin adjudicar</dt>
        <dd data-testid="process-unawarded">{plural(process.unawardedLines, 'línea', 'líneas')}</dd>
      </div>
    </dl>
  );
}

/** The moves allowed from the current status; ending without a contract asks first. */
function StatusActions({ process }: { process: ProcessDetail }) {
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<ProcessStatus | null>(null);
  const [stale, setStale] = useState(false);
  const move = useMutation({
    mutationFn: (status: ProcessStatus) => patchJson<ProcessDto>(`/processes/${process.id}`, { version: process.version, status }),
    onSuccess: () => {
      setConfirming(null);
      setStale(false);
    },
    onError: (error) => setStale(error instanceof ApiError && error.problem.type === problemTypes.staleVersion),
    onSettled: () => invalidateAfterProcessWrite(queryClient, process.programme.id),
  });
  const moves = processTransitions[process.status];
  if (moves.length === 0) {
    return (
      <p className="alert alert--info" role="note" data-testid="process-ended">
        {endedWithoutContract.includes(process.status)
          ? `El proceso está ${processStatusLabels[process.status].toLowerCase()}: ${process.lines === 1 ? 'su línea volvió' : 'sus líneas volvieron'} a «No asignado».`
          : 'El proceso llegó al contrato: su estado ya no cambia.'}
      </p>
    );
  }

  return (
    <div className="process-actions" role="group" aria-label="Cambiar el estado del proceso">
      {moves.map((status) => (
        <button
          key={status}
          type="button"
          className={endedWithoutContract.includes(status) ? 'button button--danger' : 'button button--primary'}
          disabled={move.isPending}
          onClick={() => (endedWithoutContract.includes(status) ? setConfirming(status) : move.mutate(status))}
        >
          {moveLabels[status]}
        </button>
      ))}
      {confirming ? (
        <div className="alert alert--warning process-actions__confirm" role="alertdialog" aria-labelledby="confirm-move-title" aria-describedby="confirm-move-detail">
          <p id="confirm-move-title" className="alert__title">
            ¿{moveLabels[confirming]} el proceso {process.code}?
          </p>
          <p id="confirm-move-detail">
            Un proceso {processStatusLabels[confirming].toLowerCase()} termina sin contrato: {plural(process.lines, 'su línea vuelve', 'sus líneas vuelven')} a
            «No asignado» y {process.lines === 1 ? 'puede' : 'pueden'} asignarse a un proceso nuevo. Esto no se deshace.
          </p>
          <div className="form-actions">
            <button type="button" className="button button--danger" onClick={() => move.mutate(confirming)} disabled={move.isPending} autoFocus>
              Sí, {moveLabels[confirming].toLowerCase()}
            </button>
            <button type="button" className="button" onClick={() => setConfirming(null)}>
              No, volver
            </button>
          </div>
        </div>
      ) : null}
      {move.error ? (
        <p className="alert alert--error process-actions__error" role="alert" data-testid="process-move-error">
          {stale
            ? 'Otra persona cambió el proceso mientras usted lo veía; no se cambió el estado. Se muestra lo guardado ahora: revíselo y vuelva a intentarlo.'
            : problemSummary(toProblem(move.error))}
        </p>
      ) : null}
    </div>
  );
}

interface DatesValues {
  title: string;
  calledOn: string;
  awardedOn: string;
  contractedOn: string;
}

const DATE_FIELDS = ['calledOn', 'awardedOn', 'contractedOn'] as const;
const dateLabels: Record<(typeof DATE_FIELDS)[number], string> = {
  calledOn: 'Convocatoria',
  awardedOn: 'Buena pro',
  contractedOn: 'Contrato',
};

function ProcessDates({ process, canWrite }: { process: ProcessDetail; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  return (
    <section className="panel" aria-labelledby="process-dates-title">
      <h2 id="process-dates-title" className="panel__title">
        Fechas
      </h2>
      {editing ? (
        <DatesForm key={process.version} process={process} onDone={() => setEditing(false)} />
      ) : (
        <>
          <dl className="process-dates process-dates--panel" data-testid="process-dates">
            {DATE_FIELDS.map((field) => (
              <div key={field}>
                <dt>{dateLabels[field]}</dt>
                <dd>{formatIsoDate(process[field])}</dd>
              </div>
            ))}
          </dl>
          {canWrite && !endedWithoutContract.includes(process.status) ? (
            <button type="button" className="button button--small" onClick={() => setEditing(true)}>
              Cambiar título o fechas
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}

function DatesForm({ process, onDone }: { process: ProcessDetail; onDone: () => void }) {
  const queryClient = useQueryClient();
  const form = useSchemaForm<DatesValues, typeof processPatchSchema>({
    schema: processPatchSchema,
    defaultValues: {
      title: process.title,
      calledOn: process.calledOn ?? '',
      awardedOn: process.awardedOn ?? '',
      contractedOn: process.contractedOn ?? '',
    },
    toInput: (values) => {
      const patch: Record<string, unknown> = { version: process.version };
      if (values.title !== process.title) patch.title = values.title;
      for (const field of DATE_FIELDS) {
        const value = values[field] || null;
        if (value !== process[field]) patch[field] = value;
      }
      return patch;
    },
  });
  const submit = form.handleSubmit(async (patch) => {
    try {
      await patchJson<ProcessDto>(`/processes/${process.id}`, patch);
      await invalidateAfterProcessWrite(queryClient, process.programme.id, { gridPatched: true });
      onDone();
    } catch (error) {
      if (error instanceof ApiError && error.problem.type === problemTypes.staleVersion) {
        form.setError('root.server', {
          type: 'server',
          message: 'Otra persona cambió el proceso mientras usted lo editaba; su cambio no se guardó. Vuelva a abrir el formulario sobre lo guardado ahora.',
        });
        await invalidateAfterProcessWrite(queryClient, process.programme.id, { gridPatched: true });
        return;
      }
      showRequestError(form, error, ['title', ...DATE_FIELDS]);
    }
  });
  return (
    <form className="form" onSubmit={submit} noValidate data-testid="process-dates-form">
      <FormTextField control={form.control} name="title" label="Título" autoComplete="off" />
      {DATE_FIELDS.map((field) => (
        <FormTextField key={field} control={form.control} name={field} label={`Fecha de ${dateLabels[field].toLowerCase()}`} type="date" />
      ))}
      <FormSummary control={form.control} testId="process-dates-error" />
      <div className="form-actions">
        <button type="submit" className="button button--primary button--small" disabled={form.formState.isSubmitting}>
          Guardar
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Cancelar
        </button>
      </div>
    </form>
  );
}

/** The status history, oldest first: who moved the process, when. */
function Timeline({ process }: { process: ProcessDetail }) {
  return (
    <section className="panel" aria-labelledby="process-timeline-title">
      <h2 id="process-timeline-title" className="panel__title">
        Historia del proceso
      </h2>
      {process.history.length === 0 ? (
        <p className="muted">Sin cambios de estado registrados.</p>
      ) : (
        <ol className="timeline" data-testid="process-timeline">
          {process.history.map((change, index) => (
            <li key={`${change.at}-${index}`} className={`timeline__step timeline__step--${change.to}`}>
              <p className="timeline__what">
                {change.from === null ? (
                  <>Creado como {processStatusLabels[change.to]}</>
                ) : (
                  <>
                    {processStatusLabels[change.from]} → <strong>{processStatusLabels[change.to]}</strong>
                  </>
                )}
              </p>
              <p className="timeline__who muted">
                <time dateTime={change.at}>{formatDateTime(change.at)}</time> · {change.user ?? 'Sistema'}
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
