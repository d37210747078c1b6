// Importar petitorio (/petitorio/importar, Farmacia and Administración): choose a CSV or XLSX file,
// which is checked at once on the server without applying anything (dry run); see which columns
// are required and which optional (with what default), correct how its headers are read; review
// what would change, row by row; then apply it, all or nothing.
import { useId, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import type { ImportChange, ImportColumnStatus, ImportReport } from '../../../../shared/api.ts';
import { formularyColumns } from '../../../../shared/formulary-sheet.ts';
import { buildApiUrl } from '../../platform/api/api-client.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { ColumnMapping, formatMegabytes, ImportApplyBar, ImportCounts, ImportErrors, ImportFailureMessage } from '../../platform/components/import-steps.tsx';
import { IMPORT_ACCEPT, useImportSession } from '../../platform/components/use-import-session.ts';
import { VirtualTable } from '../../platform/components/virtual-table.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { displayItemValue, itemFieldLabels, type ItemField } from './item-fields.tsx';
import { useImportFormulary } from './formulary-queries.ts';
import { DuplicateText } from './possible-duplicates.tsx';
import './formulary-import.css';

const quoted = (labels: string[]) => labels.map((label) => `«${label}»`).join(', ');
const requiredLabels = formularyColumns.filter((column) => column.required).map((column) => column.label);
const optionalColumns = formularyColumns.filter((column) => !column.required);

/** What an optional column means when the file lacks it. */
const absentMeaning = (column: Pick<ImportColumnStatus, 'default'>) =>
  `los ítems nuevos tendrán «${column.default}»; los que ya existen conservan su valor`;

export function FormularyImportPage() {
  useDocumentTitle('Importar petitorio');
  const fileInputId = useId();
  const importFile = useImportFormulary();
  const { file, report, phase, failure, applied, fileInput, choose, remap, apply, restart, changes, canApply } = useImportSession(
    (request) => importFile.mutateAsync(request),
    {
      tooLarge: 'El tamaño máximo es 20 MB. Quite las columnas u hojas que no son del petitorio, o divídalo en varios archivos.',
      forbidden: { title: 'No tiene permiso para importar el petitorio', detail: 'Solo Farmacia y Administración pueden hacerlo.' },
    },
  );
  const onFile = (event: ChangeEvent<HTMLInputElement>) => choose(event.target.files?.[0] ?? null);

  return (
    <section className="page" aria-labelledby="import-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="import-title" className="page__title">
            Importar petitorio
          </h1>
          <p className="page__lead">
            Cargue un archivo CSV o XLSX con una fila por ítem y las columnas del petitorio (las mismas que produce
            «Exportar»). Primero verá qué cambiaría; nada se modifica hasta que pulse «Aplicar», y entonces se aplica todo
            o nada.
          </p>
        </div>
        <div className="page__actions">
          <a className="button button--quiet" href={buildApiUrl('/items/export', { format: 'xlsx' })} download>
            Descargar el petitorio actual (XLSX)
          </a>
          <Link className="button button--quiet" to="/petitorio">
            Volver al Petitorio
          </Link>
        </div>
      </header>

      {applied ? (
        <FormMessage kind="ok" testId="import-result">
          <p>
            <strong>Importación aplicada.</strong> {plural(applied.created, 'ítem nuevo', 'ítems nuevos')},{' '}
            {plural(applied.updated, 'ítem modificado', 'ítems modificados')} y {formatCount(applied.unchanged)} sin cambios.
          </p>
          <p>
            <Link to="/petitorio">Ver el Petitorio</Link> ·{' '}
            <button type="button" className="link-button" onClick={restart}>
              Importar otro archivo
            </button>
          </p>
        </FormMessage>
      ) : null}

      <section className="panel import-step" aria-labelledby="import-step-file">
        <h2 id="import-step-file" className="panel__title">
          1. Archivo
        </h2>
        <div className="form-field">
          <label htmlFor={fileInputId} className="form-field__label">
            Archivo CSV o XLSX
          </label>
          <input
            ref={fileInput}
            id={fileInputId}
            type="file"
            accept={IMPORT_ACCEPT}
            onChange={onFile}
            disabled={phase === 'applying'}
            data-testid="import-file"
          />
          <p className="form-field__hint" data-testid="import-file-hint">
            Hasta 20 MB. La primera fila son los encabezados. Obligatorios: {quoted(requiredLabels)}.{' '}
            {optionalColumns.map((column) => (
              <span key={column.key}>
                Opcional: «{column.label}» (si falta, {absentMeaning({ default: column.defaultValue ?? null })}).{' '}
              </span>
            ))}
          </p>
        </div>
        {file ? (
          <p className="muted" data-testid="import-file-name">
            {file.name} ({formatMegabytes(file.size)})
            {phase === 'checking' ? ' — verificando…' : null}
          </p>
        ) : null}
        {failure ? <ImportFailureMessage failure={failure} /> : null}
      </section>

      {report && file ? (
        <>
          <ColumnMapping report={report} busy={phase !== 'idle'} onMap={remap} of="del petitorio" absentMeaning={absentMeaning} />
          <section className="panel import-step" aria-labelledby="import-step-preview" aria-busy={phase === 'checking' || undefined}>
            <h2 id="import-step-preview" className="panel__title">
              3. Vista previa
            </h2>
            <ImportCounts report={report} created="Nuevos" updated="Modificados" warnings />
            {report.errors.length > 0 ? <ImportErrors errors={report.errors} /> : null}
            {report.warnings.length > 0 ? <ImportWarnings warnings={report.warnings} /> : null}
            <ImportChanges changes={report.changes} />
            <ImportApplyBar
              report={report}
              changes={changes}
              canApply={canApply}
              applying={phase === 'applying'}
              onApply={apply}
              onCancel={restart}
              nothingChanges="El archivo no cambia nada del petitorio."
            />
          </section>
        </>
      ) : null}
    </section>
  );
}

/** Rows worth a look (possible duplicates, codes read from number cells): they do not keep the file from being applied. */
function ImportWarnings({ warnings }: { warnings: ImportReport['warnings'] }) {
  return (
    <div className="import-section">
      <h3 className="import-section__title">Advertencias ({formatCount(warnings.length)})</h3>
      <p className="muted">No impiden aplicar el archivo: revíselas antes. Los enlaces abren el ítem en otra pestaña.</p>
      <VirtualTable
        rows={warnings}
        caption="Advertencias del archivo por fila y columna"
        testId="import-warnings"
        columnCount={4}
        header={
          <tr>
            <th scope="col" className="num">
              Fila
            </th>
            <th scope="col">Columna</th>
            <th scope="col">Código</th>
            <th scope="col">Advertencia</th>
          </tr>
        }
        cells={(warning) => (
          <>
            <td className="num">{formatCount(warning.row)}</td>
            <td>{warning.column}</td>
            <td className="code col-nowrap">{warning.code}</td>
            <td>{warning.duplicateOf ? <DuplicateText duplicate={warning.duplicateOf} newTab /> : warning.message}</td>
          </>
        )}
      />
    </div>
  );
}

const previewColumns: ItemField[] = ['code', 'dci', 'strength', 'dosageForm', 'supplyList', 'therapeuticGroup', 'ven', 'oncology'];

function ImportChanges({ changes }: { changes: ImportChange[] }) {
  const created = changes.filter((change): change is Extract<ImportChange, { kind: 'new' }> => change.kind === 'new');
  const changed = changes.filter((change): change is Extract<ImportChange, { kind: 'changed' }> => change.kind === 'changed');
  const unchanged = changes.length - created.length - changed.length;

  return (
    <>
      {created.length > 0 ? (
        <div className="import-section">
          <h3 className="import-section__title">Ítems nuevos ({formatCount(created.length)})</h3>
          <VirtualTable
            rows={created}
            rowKey={(change) => change.row}
            caption="Ítems que el archivo agrega al petitorio"
            testId="import-new-items"
            columnCount={previewColumns.length + 1}
            header={
              <tr>
                <th scope="col" className="num">
                  Fila
                </th>
                {previewColumns.map((field) => (
                  <th key={field} scope="col">
                    {itemFieldLabels[field]}
                  </th>
                ))}
              </tr>
            }
            cells={(change) => (
              <>
                <td className="num">{formatCount(change.row)}</td>
                {previewColumns.map((field) => (
                  <td key={field} className={field === 'code' ? 'code col-nowrap' : undefined}>
                    {displayItemValue(field, change.after[field])}
                  </td>
                ))}
              </>
            )}
          />
        </div>
      ) : null}
      {changed.length > 0 ? (
        <div className="import-section">
          <h3 className="import-section__title">Ítems modificados ({formatCount(changed.length)})</h3>
          <VirtualTable
            rows={changed}
            rowKey={(change) => change.row}
            caption="Ítems que el archivo modifica, con el valor anterior y el nuevo"
            testId="import-changed-items"
            columnCount={3}
            estimatedRowHeight={60}
            header={
              <tr>
                <th scope="col" className="num">
                  Fila
                </th>
                <th scope="col">Código</th>
                <th scope="col">Cambios</th>
              </tr>
            }
            cells={(change) => (
              <>
                <td className="num">{formatCount(change.row)}</td>
                <td className="code col-nowrap">{change.code}</td>
                <td>
                  <ul className="changes">
                    {previewColumns
                      .filter((field) => change.before[field] !== change.after[field])
                      .map((field) => (
                        <li key={field} className="changes__item changes__item--changed">
                          <span className="changes__field">{itemFieldLabels[field]}: </span>
                          <del className="changes__before">{displayItemValue(field, change.before[field])}</del>
                          <span className="changes__arrow" aria-hidden="true">
                            {' → '}
                          </span>
                          <span className="visually-hidden"> cambia a </span>
                          <ins className="changes__after">{displayItemValue(field, change.after[field])}</ins>
                        </li>
                      ))}
                  </ul>
                </td>
              </>
            )}
          />
        </div>
      ) : null}
      {unchanged > 0 ? (
        <p className="muted" data-testid="import-unchanged-note">
          {plural(unchanged, 'fila coincide', 'filas coinciden')} con el petitorio actual y no {unchanged === 1 ? 'cambia' : 'cambian'} nada.
        </p>
      ) : null}
    </>
  );
}
