// The steps of an import that every kind of file shares (the formulary, consumption, SAP
// executions): how the file's headers are read and which columns are required, and the errors by
// row and column.
import type { ImportColumnStatus, ImportReport } from '../../../../shared/api.ts';
import { formatCount } from '../lib/format.ts';
import { FormMessage } from './form-fields.tsx';
import type { ImportFailure } from './use-import-session.ts';
import { VirtualTable } from './virtual-table.tsx';

const quoted = (labels: string[]) => labels.map((label) => `«${label}»`).join(', ');

export function formatMegabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}

/**
 * Step 2: each header of the file and the column it is read as (`of`: "del petitorio"); which
 * columns are required, and what an absent optional one means.
 */
export function ColumnMapping({
  report,
  busy,
  onMap,
  of,
  absentMeaning,
}: {
  report: Pick<ImportReport, 'columns' | 'expectedColumns'>;
  busy: boolean;
  onMap: (header: string, key: string) => void;
  of: string;
  absentMeaning: (column: ImportColumnStatus) => string;
}) {
  const missing = report.expectedColumns.filter((column) => column.required && column.header === null);
  return (
    <section className="panel import-step" aria-labelledby="import-step-columns">
      <h2 id="import-step-columns" className="panel__title">
        2. Columnas
      </h2>
      <p className="muted">
        Así se leen los encabezados del archivo. Si uno no se reconoce o se lee mal, elija la columna {of} que le
        corresponde; la vista previa se actualiza sola.
      </p>
      <div className="table-scroll table-scroll--auto">
        <table className="data-table mapping-table" data-testid="import-mapping">
          <caption className="visually-hidden">Encabezados del archivo y columna {of} que representan</caption>
          <thead>
            <tr>
              <th scope="col">Encabezado en el archivo</th>
              <th scope="col">Se lee como</th>
            </tr>
          </thead>
          <tbody>
            {report.columns.map((column, index) => (
              <tr key={`${column.header}-${index}`} className={column.key ? undefined : 'is-ignored'}>
                <th scope="row">{column.header || <span className="muted">(sin encabezado)</span>}</th>
                <td>
                  <select
                    className="select"
                    value={column.key ?? ''}
                    disabled={busy}
                    aria-label={`Columna ${of} para «${column.header}»`}
                    onChange={(event) => onMap(column.header, event.target.value)}
                  >
                    <option value="">(ignorar)</option>
                    {report.expectedColumns.map((expected) => (
                      <option key={expected.key} value={expected.key}>
                        {expected.label}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-scroll table-scroll--auto">
        <table className="data-table mapping-table" data-testid="import-expected-columns">
          <caption className="visually-hidden">Columnas {of}: obligatorias u opcionales, y de qué encabezado se leen</caption>
          <thead>
            <tr>
              <th scope="col">Columna {of}</th>
              <th scope="col">Obligatoria</th>
              <th scope="col">En el archivo</th>
            </tr>
          </thead>
          <tbody>
            {report.expectedColumns.map((column) => (
              <tr key={column.key} className={column.header === null && column.required ? 'is-error' : undefined}>
                <th scope="row">{column.label}</th>
                <td>{column.required ? 'Sí' : 'No (opcional)'}</td>
                <td>
                  {column.header !== null
                    ? `Se lee de «${column.header}»`
                    : column.required
                      ? 'Falta'
                      : `No está: ${absentMeaning(column)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {missing.length > 0 ? (
        <p className="form-field__error" data-testid="import-missing-columns">
          Falta{missing.length === 1 ? '' : 'n'} {quoted(missing.map((column) => column.label))}: asígne
          {missing.length === 1 ? 'la' : 'las'} a un encabezado del archivo.
        </p>
      ) : null}
    </section>
  );
}

/** The errors (or, titled so, the warnings) by row and column; `total` when only the first ones came. */
export function ImportErrors({
  errors,
  total = errors.length,
  title = 'Errores',
  testId = 'import-errors',
}: {
  errors: ImportReport['errors'];
  total?: number;
  title?: string;
  testId?: string;
}) {
  return (
    <div className="import-section">
      <h3 className="import-section__title">
        {title} ({formatCount(total)})
      </h3>
      {total > errors.length ? <p className="muted">Se muestran los primeros {formatCount(errors.length)}.</p> : null}
      <VirtualTable
        rows={errors}
        caption={`${title} del archivo por fila y columna`}
        className="import-errors"
        testId={testId}
        columnCount={3}
        header={
          <tr>
            <th scope="col" className="num">
              Fila
            </th>
            <th scope="col">Columna</th>
            <th scope="col">Mensaje</th>
          </tr>
        }
        cells={(error) => (
          <>
            <td className="num">{formatCount(error.row)}</td>
            <td>{error.column || <span className="muted">—</span>}</td>
            <td>{error.message}</td>
          </>
        )}
      />
    </div>
  );
}

/** Step 3's counts: new, changed, unchanged, errors (and warnings, where the import gives them). */
export function ImportCounts({ report, created, updated, warnings = false }: { report: ImportReport; created: string; updated: string; warnings?: boolean }) {
  return (
    <dl className="import-counts" data-testid="import-counts">
      <div>
        <dt>{created}</dt>
        <dd data-testid="import-count-created">{formatCount(report.created)}</dd>
      </div>
      <div>
        <dt>{updated}</dt>
        <dd data-testid="import-count-updated">{formatCount(report.updated)}</dd>
      </div>
      <div>
        <dt>Sin cambios</dt>
        <dd data-testid="import-count-unchanged">{formatCount(report.unchanged)}</dd>
      </div>
      <div className={report.errors.length > 0 ? 'is-error' : undefined}>
        <dt>Errores</dt>
        <dd data-testid="import-count-errors">{formatCount(report.errors.length)}</dd>
      </div>
      {warnings ? (
        <div>
          <dt>Advertencias</dt>
          <dd data-testid="import-count-warnings">{formatCount(report.warnings.length)}</dd>
        </div>
      ) : null}
    </dl>
  );
}

/** "Aplicar" (all or nothing) and "Cancelar", with what applying would do. */
export function ImportApplyBar({
  report,
  changes,
  canApply,
  applying,
  onApply,
  onCancel,
  nothingChanges,
}: {
  report: Pick<ImportReport, 'errors'>;
  changes: number;
  canApply: boolean;
  applying: boolean;
  onApply: () => void;
  onCancel: () => void;
  /** Said when the file changes nothing: "El archivo no cambia nada del petitorio." */
  nothingChanges: string;
}) {
  return (
    <div className="form__actions import-apply">
      <button type="button" className="button" disabled={!canApply} onClick={onApply}>
        {applying ? 'Aplicando…' : 'Aplicar'}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel} disabled={applying}>
        Cancelar
      </button>
      <p className="form-field__hint" data-testid="import-apply-hint">
        {report.errors.length > 0
          ? 'Corrija los errores del archivo (o cómo se leen sus columnas) para poder aplicarlo.'
          : changes === 0
            ? nothingChanges
            : `Se ${changes === 1 ? 'aplicará 1 cambio' : `aplicarán ${formatCount(changes)} cambios`} en una sola operación.`}
      </p>
    </div>
  );
}

/** Why a file was refused as a whole (unreadable, beyond limits…), with its reasons listed. */
export function ImportFailureMessage({ failure }: { failure: ImportFailure }) {
  return (
    <FormMessage kind="error" testId="import-error">
      <p>
        <strong>{failure.title}</strong>
        {failure.detail ? `: ${failure.detail}` : null}
      </p>
      {failure.list && failure.list.length > 0 ? (
        <ul>
          {failure.list.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : null}
    </FormMessage>
  );
}
