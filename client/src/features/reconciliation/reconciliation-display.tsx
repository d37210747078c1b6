// How the reconciliation views name a node of the tree, mark a variance within or outside the
// tolerance (a word and a sign, not a colour alone), and show a sign-off.
import { channelLabels, processLabels, segmentLabels } from '../../../../shared/domain.ts';
import type { ImportJobPhase, ReconciliationLineStatus, ReconciliationRow, SignOffDto } from '../../../../shared/reconciliation-api.ts';
import { formatDateTime } from '../../platform/lib/format.ts';
import type { SignOffTarget } from './reconciliation-api.ts';

export const lineStatusLabels: Record<ReconciliationLineStatus, string> = {
  within: 'Dentro de la tolerancia',
  outside: 'Fuera de la tolerancia',
  unexecuted: 'Sin ejecución',
  signed: 'Con conformidad',
};

export const jobPhaseLabels: Record<ImportJobPhase, string> = {
  reading: 'Leyendo el archivo',
  checking: 'Verificando las filas',
  applying: 'Aplicando el lote',
  done: 'Terminado',
};

/** "Compra Corporativa MINSA", "Oncológicos", "Subasta inversa", "LP 018 · Oncológicos 2012", "Sin proceso". */
export function nodeLabel(row: ReconciliationRow): string {
  switch (row.level) {
    case 'channel':
      return channelLabels[row.channel];
    case 'segment':
      return row.segment ? segmentLabels[row.segment] : '—';
    case 'type':
      return row.processType ? processLabels[row.processType] : '—';
    case 'process':
      return row.process ? `${row.process.code} · ${row.process.title}` : 'Líneas sin proceso';
  }
}

/** The node's path, the same across reads: "minsa_corporate/oncology/reverse_auction/12". */
export function nodeKey(row: Pick<ReconciliationRow, 'level' | 'channel' | 'segment' | 'processType' | 'process'>): string {
  const parts: string[] = [row.channel];
  if (row.segment) parts.push(row.segment);
  if (row.level === 'type' || row.level === 'process') parts.push(row.processType ?? '-');
  if (row.level === 'process') parts.push(row.process ? String(row.process.id) : 'none');
  return parts.join('/');
}

/** What a sign-off of this row covers: a process, or a leaf of channel, segment and type; null for the others. */
export function signOffTargetOf(row: ReconciliationRow): SignOffTarget | null {
  if (row.level === 'type') return { channel: row.channel, segment: row.segment, processType: row.processType, processId: null };
  if (row.level === 'process' && row.process) return { channel: row.channel, segment: row.segment, processType: row.processType, processId: row.process.id };
  return null;
}

/** Whether the sign-off in force over the row is the row's own (the one to reopen here), not an ancestor's. */
export function ownsSignOff(row: ReconciliationRow, signOff: SignOffDto): boolean {
  const target = signOffTargetOf(row);
  return (
    target !== null &&
    signOff.channel === target.channel &&
    signOff.segment === target.segment &&
    signOff.processType === target.processType &&
    signOff.processId === target.processId
  );
}

/** What a sign-off covers, in words: "Subasta inversa de Compra EsSalud", "el proceso LP 018". */
export function signOffScope(signOff: Pick<SignOffDto, 'channel' | 'segment' | 'processType' | 'processCode' | 'processId'>): string {
  const where = [channelLabels[signOff.channel], signOff.segment ? segmentLabels[signOff.segment] : null].filter(Boolean).join(' · ');
  if (signOff.processId !== null) return `Proceso ${signOff.processCode ?? `#${signOff.processId}`} (${where})`;
  return signOff.processType ? `${processLabels[signOff.processType]} (${where})` : where;
}

export function ToleranceMark({ within, testId }: { within: boolean; testId?: string }) {
  return within ? (
    <span className="check check--ok" data-testid={testId}>
      <span aria-hidden="true">✓ </span>Dentro
    </span>
  ) : (
    <span className="check check--error" data-testid={testId}>
      <span aria-hidden="true">✗ </span>Fuera de tolerancia
    </span>
  );
}

/** «Conforme — firmado por Ana Pérez el 04/12/2026 16:40». */
export function signedText(signOff: Pick<SignOffDto, 'signedBy' | 'signedAt'>): string {
  return `Conforme — firmado por ${signOff.signedBy} el ${formatDateTime(signOff.signedAt)}`;
}

/** The columns of the tree, on the page and in print; `withLinks`: the page's column of links to lines. */
export function VarianceTableHead({ withLinks = false }: { withLinks?: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">Concepto</th>
        {['Declarado', 'Planificado', 'Ejecutado', 'Diferencia', '%'].map((heading) => (
          <th key={heading} scope="col" className="num">
            {heading}
          </th>
        ))}
        <th scope="col">Tolerancia</th>
        <th scope="col">Conformidad</th>
        {withLinks ? (
          <th scope="col">
            <span className="visually-hidden">Líneas</span>
          </th>
        ) : null}
      </tr>
    </thead>
  );
}
