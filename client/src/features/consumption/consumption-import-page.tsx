// Importar consumo (/consumo/importar, Logística and Administración): monthly consumption, stock
// positions or supply parameters from a CSV or XLSX file, through the formulary's steps: the file
// is checked at once without applying anything (dry run); the headers' reading can be corrected;
// errors name their row and column; "Aplicar" applies all the rows or none.
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router';
import type { ImportChange, ImportColumnStatus } from '../../../../shared/api.ts';
import { consumptionSheetKindLabels, consumptionSheetKinds, type ConsumptionSheetKind } from '../../../../shared/consumption-sheet.ts';
import { buildApiUrl } from '../../platform/api/api-client.ts';
import { FormMessage } from '../../platform/components/form-fields.tsx';
import { ColumnMapping, formatMegabytes, ImportApplyBar, ImportCounts, ImportErrors, ImportFailureMessage } from '../../platform/components/import-steps.tsx';
import { IMPORT_ACCEPT, useImportSession } from '../../platform/components/use-import-session.ts';
import { VirtualTable } from '../../platform/components/virtual-table.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { useDocumentTitle } from '../../platform/lib/use-document-title.ts';
import { useImportConsumption } from './consumption-queries.ts';
import '../formulary/formulary-import.css';



/** How the column names read: "Columna del consumo mensual para «Mes»". */
const columnsOf: Record<ConsumptionSheetKind, string> = {
  consumption: 'del consumo mensual',
  stock: 'de existencias',
  parameters: 'de parámetros',
};

const kindHints: Record<ConsumptionSheetKind, string> = {
  consumption:
    'Una fila por ítem, mes y red asistencial (vacía: nacional): código, mes (2026-11), consumo en unidades y días sin existencias del mes. Un mes futuro o un consumo negativo se rechazan.',
  stock: 'Una fila por ítem y red asistencial: código, fecha de corte, existencias disponibles y en pedido, en unidades.',
  parameters:
    'Una fila por ítem: tiempo de entrega, período de compra y stock de seguridad en meses, unidades por envase (mayor que cero), existencias mínimas y máximas en meses.',
};

const absentMeaning = (column: Pick<ImportColumnStatus, 'default'>) =>
  column.default === '' ? 'se toma vacío (nacional)' : `se toma «${column.default}»`;

export function ConsumptionImportPage() {
  useDocumentTitle('Importar consumo');
  const fileInputId = useId();
  const [kind, setKind] = useState<ConsumptionSheetKind>('consumption');
  const importFile = useImportConsumption();
  const { file, report, phase, failure, applied, fileInput, choose, remap, apply, restart, changes, canApply } = useImportSession(
    (request) => importFile.mutateAsync({ ...request, kind }),
    {
      tooLarge: 'El tamaño máximo es 20 MB: divídalo en varios archivos.',
      forbidden: { title: 'No tiene permiso para importar consumo', detail: 'Solo Logística y Administración pueden hacerlo.' },
    },
  );
  const onFile = (event: ChangeEvent<HTMLInputElement>) => choose(event.target.files?.[0] ?? null);
  const onKind = (next: ConsumptionSheetKind) => setKind(next);
  // The same file read as another kind: checked again from the start, once the kind is set.
  const checkedKind = useRef(kind);
  useEffect(() => {
    if (checkedKind.current === kind) return;
    checkedKind.current = kind;
    if (file) choose(file);
  }, [kind, file, choose]);

  return (
    <section className="page" aria-labelledby="import-title">
      <header className="page__header page__header--actions">
        <div>
          <h1 id="import-title" className="page__title">
            Importar consumo, existencias y parámetros
          </h1>
          <p className="page__lead">
            Cargue un archivo CSV o XLSX con los datos de la cuantificación. Primero verá qué cambiaría; nada se modifica hasta que
            pulse «Aplicar», y entonces se aplica todo o nada.
          </p>
        </div>
        <div className="page__actions">
          <a className="button button--quiet" href={buildApiUrl('/consumption/export', { kind, format: 'xlsx' })} download>
            Descargar {consumptionSheetKindLabels[kind].toLowerCase()} actual (XLSX)
          </a>
          <Link className="button button--quiet" to="/programas">
            Volver a los programas
          </Link>
        </div>
      </header>

      {applied ? (
        <FormMessage kind="ok" testId="import-result">
          <p>
            <strong>Importación aplicada.</strong> {plural(applied.created, 'fila nueva', 'filas nuevas')},{' '}
            {plural(applied.updated, 'fila modificada', 'filas modificadas')} y {formatCount(applied.unchanged)} sin cambios.
          </p>
          <p>
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
        <fieldset className="form-field import-kind">
          <legend className="form-field__label">Qué contiene el archivo</legend>
          {consumptionSheetKinds.map((candidate) => (
            <label key={candidate} className="checkbox">
              <input
                type="radio"
                name="kind"
                value={candidate}
                checked={kind === candidate}
                onChange={() => onKind(candidate)}
                disabled={phase === 'applying'}
              />
              <span>{consumptionSheetKindLabels[candidate]}</span>
            </label>
          ))}
          <p className="form-field__hint" data-testid="import-kind-hint">
            {kindHints[kind]}
          </p>
        </fieldset>
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
          <p className="form-field__hint">Hasta 20 MB. La primera fila son los encabezados.</p>
        </div>
        {file ? (
          <p className="muted" data-testid="import-file-name">
            {file.name} ({formatMegabytes(file.size)}){phase === 'checking' ? ' — verificando…' : null}
          </p>
        ) : null}
        {failure ? <ImportFailureMessage failure={failure} /> : null}
      </section>

      {report && file ? (
        <>
          <ColumnMapping report={report} busy={phase !== 'idle'} onMap={remap} of={columnsOf[kind]} absentMeaning={absentMeaning} />
          <section className="panel import-step" aria-labelledby="import-step-preview" aria-busy={phase === 'checking' || undefined}>
            <h2 id="import-step-preview" className="panel__title">
              3. Vista previa
            </h2>
            <ImportCounts report={report} created="Nuevas" updated="Modificadas" />
            {report.errors.length > 0 ? <ImportErrors errors={report.errors} /> : null}
            <ChangedRows changes={report.changes} columns={report.expectedColumns} />
            <ImportApplyBar
              report={report}
              changes={changes}
              canApply={canApply}
              applying={phase === 'applying'}
              onApply={apply}
              onCancel={restart}
              nothingChanges="El archivo no cambia nada."
            />
          </section>
        </>
      ) : null}
    </section>
  );
}

function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** New and changed rows, each value under its column's label; a changed value shows before → after. */
function ChangedRows({ changes, columns }: { changes: ImportChange[]; columns: ImportColumnStatus[] }) {
  const shown = changes.filter((change): change is Exclude<ImportChange, { kind: 'unchanged' }> => change.kind !== 'unchanged');
  const fields = columns.filter((column) => column.key !== 'code');
  if (shown.length === 0) return null;
  return (
    <div className="import-section">
      <h3 className="import-section__title">Filas nuevas o modificadas ({formatCount(shown.length)})</h3>
      <VirtualTable
        rows={shown}
        rowKey={(change) => change.row}
        caption="Filas que el archivo agrega o modifica"
        testId="import-changes"
        columnCount={fields.length + 3}
        header={
          <tr>
            <th scope="col" className="num">
              Fila
            </th>
            <th scope="col">Código</th>
            <th scope="col">Cambio</th>
            {fields.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        }
        cells={(change) => (
          <>
            <td className="num">{formatCount(change.row)}</td>
            <td className="code col-nowrap">{change.code}</td>
            <td>{change.kind === 'new' ? 'Nueva' : 'Modificada'}</td>
            {fields.map((column) => {
              const after = cellText(change.after[column.key]);
              const before = change.kind === 'changed' ? cellText(change.before[column.key]) : after;
              return (
                <td key={column.key}>
                  {before !== after ? (
                    <>
                      <del className="changes__before">{before}</del>
                      <span aria-hidden="true"> → </span>
                      <span className="visually-hidden"> cambia a </span>
                      <ins className="changes__after">{after}</ins>
                    </>
                  ) : (
                    after
                  )}
                </td>
              );
            })}
          </>
        )}
      />
    </div>
  );
}
