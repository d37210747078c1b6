// The import of a SAP purchase-order export (ME2N/ME2M/ME2L) into the programme, through the
// import steps every file goes through: the file is checked at once (dry run), the reading of its
// headings can be corrected, the preview names every error by row and column, and "Aplicar"
// imports it all or nothing as one batch. A long import runs as a job: a progress bar shows what
// is read (rows, percent, rows per second) with a button that cancels it.
import { useId, useState, type ChangeEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImportColumnStatus } from '../../../../shared/api.ts';
import { formatMoney } from '../../../../shared/money.ts';
import type { ExecutionImportReport, ImportJobDto } from '../../../../shared/reconciliation-api.ts';
import { ApiError, toProblem } from '../../platform/api/api-client.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { ColumnMapping, formatMegabytes, ImportApplyBar, ImportErrors, ImportFailureMessage } from '../../platform/components/import-steps.tsx';
import { IMPORT_ACCEPT, useImportSession, type ImportSessionKind } from '../../platform/components/use-import-session.ts';
import { formatCount, formatDateTime, plural } from '../../platform/lib/format.ts';
import { cancelImportJob, importExecutions, invalidateReconciliation, listOf, reconciliationQueries } from './reconciliation-api.ts';
import { jobPhaseLabels } from './reconciliation-display.tsx';

/** SAP exports of a whole year run to hundreds of megabytes; the server refuses what it cannot take (413). */
const MAX_EXECUTION_BYTES = 1024 * 1024 * 1024;

const executionImport: ImportSessionKind<ExecutionImportReport> = {
  isReport: (body) => Array.isArray((body as Partial<ExecutionImportReport>).columns) && 'errorCount' in body,
  // The valid rows a batch would hold; none when the same file is already imported.
  changesOf: (report) => (report.duplicateOf ? 0 : report.matched + report.unmatched),
  errorCountOf: (report) => report.errorCount,
  maxBytes: MAX_EXECUTION_BYTES,
};

const absentMeaning = (column: Pick<ImportColumnStatus, 'default'>) => (column.default ? `se toma «${column.default}»` : 'no se usa');

export function ExecutionImport({ programmeId }: { programmeId: number }) {
  const queryClient = useQueryClient();
  const fileInputId = useId();
  const [job, setJob] = useState<ImportJobDto | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [cancelFailure, setCancelFailure] = useState<string | null>(null);
  const { file, report, phase, failure, applied, fileInput, choose, remap, apply, restart, changes, canApply } = useImportSession(
    async (request) => {
      setJob(null);
      setCancelling(false);
      setCancelFailure(null);
      try {
        return await importExecutions({ programmeId, ...request, onProgress: setJob });
      } finally {
        // Applied, refused or cancelled: the batches, the jobs and the figures may have changed.
        if (!request.dryRun) void invalidateReconciliation(queryClient, programmeId);
      }
    },
    {
      tooLarge: 'El servidor no acepta un archivo tan grande: expórtelo por partes (por ejemplo, por trimestre).',
      forbidden: { title: 'No tiene permiso para importar ejecuciones', detail: 'Solo Finanzas y Administración pueden hacerlo.' },
    },
    executionImport,
  );
  const running = job !== null && job.status === 'running' && phase !== 'idle';

  const cancel = async () => {
    if (!job) return;
    setCancelling(true);
    try {
      await cancelImportJob(job.id);
    } catch (error) {
      // Already over (404/409): the next reading of the job says how it ended.
      if (!(error instanceof ApiError && (error.status === 404 || error.status === 409))) {
        setCancelling(false);
        setCancelFailure(toProblem(error).title);
      }
    }
  };

  const onFile = (event: ChangeEvent<HTMLInputElement>) => {
    setJob(null);
    choose(event.target.files?.[0] ?? null);
  };

  return (
    <section className="panel import-wizard" aria-labelledby="execution-import-title" data-testid="execution-import">
      <h2 id="execution-import-title" className="panel__title">
        Importar ejecución de SAP
      </h2>
      <p className="muted">
        Exporte de SAP la lista de pedidos (ME2N, ME2M o ME2L: «Lista → Exportar → Hoja de cálculo» o «Fichero local») y cárguela aquí, en
        CSV (separado por comas, punto y coma o tabulaciones; UTF-8 o Windows-1252) o XLSX. Primero verá qué se importaría; nada cambia hasta
        que pulse «Aplicar», y entonces se importa todo el archivo como un lote, o nada.
      </p>

      {applied ? <AppliedResult report={applied} onAnother={restart} /> : null}

      <div className="import-step" aria-labelledby="execution-step-file">
        <h3 id="execution-step-file" className="import-step__title">
          1. Archivo
        </h3>
        <div className="form-field">
          <label htmlFor={fileInputId} className="form-field__label">
            Exportación de SAP (CSV o XLSX)
          </label>
          <input
            ref={fileInput}
            id={fileInputId}
            type="file"
            accept={IMPORT_ACCEPT}
            onChange={onFile}
            disabled={phase !== 'idle'}
            data-testid="import-file"
          />
          <p className="form-field__hint">La primera fila son los encabezados, en inglés o en español, como los escribe SAP.</p>
        </div>
        {file ? (
          <p className="muted" data-testid="import-file-name">
            {file.name} ({formatMegabytes(file.size)}){phase === 'checking' && !job ? ' — verificando…' : null}
          </p>
        ) : null}
      </div>

      {job ? <ImportProgress job={job} running={running} cancelling={cancelling} onCancel={() => void cancel()} /> : null}
      {cancelFailure ? (
        <FormMessage kind="error" testId="import-cancel-error">
          <p>No se pudo cancelar: {cancelFailure}</p>
        </FormMessage>
      ) : null}

      {failure ? <ImportFailureMessage failure={failure} /> : null}

      {report && file ? (
        <>
          <ColumnMapping report={report} busy={phase !== 'idle'} onMap={remap} of="de la exportación" absentMeaning={absentMeaning} />
          <section className="panel import-step" aria-labelledby="execution-step-preview" aria-busy={phase === 'checking' || undefined}>
            <h2 id="execution-step-preview" className="panel__title">
              3. Vista previa
            </h2>
            {report.duplicateOf ? (
              <p className="alert alert--info" role="note" data-testid="import-duplicate">
                Este archivo ya se importó: lote {report.duplicateOf.batchId} («{report.duplicateOf.fileName}») el{' '}
                {formatDateTime(report.duplicateOf.importedAt)}. Importarlo otra vez no cambiaría nada.
              </p>
            ) : null}
            <ExecutionCounts report={report} />
            {report.errorCount > 0 ? <ImportErrors errors={report.errors} total={report.errorCount} /> : null}
            {report.warningCount > 0 ? (
              <ImportErrors errors={report.warnings} total={report.warningCount} title="Advertencias" testId="import-warnings" />
            ) : null}
            <ImportApplyBar
              report={report}
              changes={changes}
              canApply={canApply}
              applying={phase === 'applying'}
              onApply={apply}
              onCancel={() => {
                setJob(null);
                restart();
              }}
              nothingChanges={report.duplicateOf ? 'El archivo ya está importado.' : 'El archivo no tiene filas que importar.'}
            />
          </section>
        </>
      ) : null}

      <RecentImports programmeId={programmeId} />
    </section>
  );
}

/** Rows, matched, unmatched, amount, errors and warnings of a report. */
function ExecutionCounts({ report }: { report: ExecutionImportReport }) {
  return (
    <dl className="import-counts" data-testid="import-counts">
      <div>
        <dt>Filas</dt>
        <dd data-testid="import-count-rows">{formatCount(report.rows)}</dd>
      </div>
      <div>
        <dt>Emparejadas</dt>
        <dd data-testid="import-count-matched">{formatCount(report.matched)}</dd>
      </div>
      <div>
        <dt>Sin emparejar</dt>
        <dd data-testid="import-count-unmatched">{formatCount(report.unmatched)}</dd>
      </div>
      <div>
        <dt>Monto</dt>
        <dd data-testid="import-count-amount">{formatMoney(report.amount)}</dd>
      </div>
      <div className={report.errorCount > 0 ? 'is-error' : undefined}>
        <dt>Errores</dt>
        <dd data-testid="import-count-errors">{formatCount(report.errorCount)}</dd>
      </div>
      <div>
        <dt>Advertencias</dt>
        <dd data-testid="import-count-warnings">{formatCount(report.warningCount)}</dd>
      </div>
    </dl>
  );
}

function AppliedResult({ report, onAnother }: { report: ExecutionImportReport; onAnother: () => void }) {
  return (
    <FormMessage kind="ok" testId="import-result">
      <p>
        <strong>Importación aplicada{report.batchId !== null ? ` (lote ${report.batchId})` : ''}.</strong>{' '}
        {plural(report.matched + report.unmatched, 'fila importada', 'filas importadas')}: {formatCount(report.matched)} emparejadas y{' '}
        {formatCount(report.unmatched)} sin emparejar, por {formatMoney(report.amount)}.
      </p>
      <p>
        <button type="button" className="link-button" onClick={onAnother}>
          Importar otro archivo
        </button>
      </p>
    </FormMessage>
  );
}

/** A job's progress: phase, a progress bar of the file read, rows read and rows per second; cancel while it runs. */
export function ImportProgress({
  job,
  running,
  cancelling = false,
  onCancel,
}: {
  job: ImportJobDto;
  running: boolean;
  cancelling?: boolean;
  onCancel?: () => void;
}) {
  const percent = Math.min(100, Math.max(0, job.percent));
  const phaseLabel = job.status === 'running' ? jobPhaseLabels[job.phase] : jobStatusLabels[job.status];
  return (
    <div className="import-progress" data-testid="import-progress">
      {/* The phase is announced as it changes; the figures, which change every reading, are not. */}
      <p className="import-progress__phase" data-testid="import-progress-phase" aria-live="polite">
        {job.dryRun ? 'Verificación' : 'Importación'} de «{job.fileName}»: {phaseLabel}
        {cancelling && job.status === 'running' ? ' — cancelando…' : ''}
      </p>
      <progress
        className="import-progress__bar"
        max={100}
        value={percent}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent.toFixed(1)} % del archivo leído`}
        aria-label={`Avance de la ${job.dryRun ? 'verificación' : 'importación'}`}
      />
      <p className="import-progress__figures" data-testid="import-progress-figures">
        {percent.toFixed(1)} % · {plural(job.rowsRead, 'fila leída', 'filas leídas')} · {formatMegabytes(job.bytesRead)} de{' '}
        {formatMegabytes(job.fileBytes)}
        {job.rowsPerSecond !== null ? ` · ${formatCount(job.rowsPerSecond)} filas por segundo` : ''}
      </p>
      {running && onCancel ? (
        <button type="button" className="button" onClick={onCancel} disabled={cancelling || job.cancelRequested}>
          {cancelling || job.cancelRequested ? 'Cancelando…' : 'Cancelar la importación'}
        </button>
      ) : null}
    </div>
  );
}

const jobStatusLabels: Record<ImportJobDto['status'], string> = {
  running: 'en curso',
  succeeded: 'terminada',
  failed: 'rechazada',
  cancelled: 'cancelada',
  interrupted: 'interrumpida (no se aplicó nada)',
};

/**
 * The programme's recent imports, when the server lists them: one still running (started before
 * this page was opened) shows its progress until it ends.
 */
function RecentImports({ programmeId }: { programmeId: number }) {
  const jobs = useQuery({
    ...reconciliationQueries.jobs(programmeId),
    retry: false,
    refetchInterval: (query) => (listOf(query.state.data).some((job) => job.status === 'running') ? 1000 : false),
  });
  const list = listOf(jobs.data);
  if (list.length === 0) return null;
  return (
    <div className="import-section" data-testid="recent-imports">
      <h3 className="import-section__title">Importaciones recientes</h3>
      <ul className="recent-imports">
        {list.slice(0, 5).map((job) => (
          <li key={job.id}>
            {job.status === 'running' ? (
              <ImportProgress job={job} running={false} />
            ) : (
              <>
                {formatDateTime(job.startedAt)} · «{job.fileName}» · {job.dryRun ? 'verificación' : 'importación'} {jobStatusLabels[job.status]} ·{' '}
                {plural(job.rowsRead, 'fila', 'filas')}
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
