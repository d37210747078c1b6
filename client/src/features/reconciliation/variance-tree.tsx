// The variance tree: channel → segment → process type → process, each row with what was declared,
// planned and executed, the difference and its percent, whether it is within the tolerance (in
// words and a sign), and its sign-off: «Dar conformidad» for finance on a process or a type leaf,
// «Conforme — firmado por …» once signed, and «Reabrir» for an administrator. «Ver líneas» opens
// the node's lines below.
import { useMemo, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReconciliationRow, ReconciliationSummary, SignOffDto, VarianceFigures } from '../../../../shared/reconciliation-api.ts';
import { reopenBodySchema, signOffBodySchema } from '../../../../shared/reconciliation-schemas.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { ActionDialog } from '../../platform/components/action-dialog.tsx';
import { formatCount, plural } from '../../platform/lib/format.ts';
import { formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { formatPercent } from '../procurement/procurement-display.tsx';
import { invalidateReconciliation, reopenSignOff, signOff } from './reconciliation-api.ts';
import { nodeKey, nodeLabel, ownsSignOff, signedText, signOffScope, signOffTargetOf, ToleranceMark, VarianceTableHead } from './reconciliation-display.tsx';

const rank: Record<ReconciliationRow['level'], number> = { channel: 0, segment: 1, type: 2, process: 3 };

interface TreeRow {
  row: ReconciliationRow;
  key: string;
  depth: number;
  /** Keys of the rows above it, outermost first. */
  ancestors: string[];
  hasChildren: boolean;
}

/** The depth-first rows as a tree: each row's depth and ancestors, from the levels of the rows before it. */
function buildTree(rows: readonly ReconciliationRow[]): TreeRow[] {
  const stack: TreeRow[] = [];
  const tree: TreeRow[] = [];
  for (const row of rows) {
    while (stack.length > 0 && rank[stack[stack.length - 1]!.row.level] >= rank[row.level]) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.hasChildren = true;
    const node: TreeRow = { row, key: nodeKey(row), depth: stack.length, ancestors: stack.map((above) => above.key), hasChildren: false };
    tree.push(node);
    stack.push(node);
  }
  return tree;
}

type Dialog = { kind: 'sign'; row: ReconciliationRow } | { kind: 'reopen'; row: ReconciliationRow; signOff: SignOffDto };

export function VarianceTree({
  programmeId,
  summary,
  canSignOff,
  canReopen,
  onShowLines,
}: {
  programmeId: number;
  summary: ReconciliationSummary;
  canSignOff: boolean;
  canReopen: boolean;
  onShowLines: (row: ReconciliationRow) => void;
}) {
  const queryClient = useQueryClient();
  const tree = useMemo(() => buildTree(summary.rows), [summary.rows]);
  // Processes start folded: channels, segments and types show at once.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(tree.filter((node) => node.row.level !== 'type' && node.hasChildren).map((node) => node.key)),
  );
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const toggle = (key: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const allKeys = tree.filter((node) => node.hasChildren).map((node) => node.key);
  const allExpanded = allKeys.every((key) => expanded.has(key));
  const visible = tree.filter((node) => node.ancestors.every((key) => expanded.has(key)));

  return (
    <div className="variance-tree">
      <div className="panel__heading">
        <h2 id="variance-title" className="panel__title">
          Declarado, planificado y ejecutado
        </h2>
        <button type="button" className="button button--quiet button--small" onClick={() => setExpanded(new Set(allExpanded ? [] : allKeys))}>
          {allExpanded ? 'Contraer todo' : 'Expandir todo'}
        </button>
      </div>
      <div className="table-scroll table-scroll--auto" role="region" aria-labelledby="variance-title" tabIndex={0}>
        <table className="data-table variance-table" data-testid="variance-tree">
          <caption className="visually-hidden">
            Por canal, segmento, tipo de proceso y proceso: declarado en el informe, planificado, ejecutado en SAP, diferencia (ejecutado menos
            planificado), porcentaje, tolerancia y conformidad
          </caption>
          <VarianceTableHead withLinks />
          <tbody>
            {visible.map((node) => {
              const { row } = node;
              const label = nodeLabel(row);
              const isOpen = expanded.has(node.key);
              return (
                <tr key={node.key} className={`variance-row variance-row--${row.level} depth-${node.depth}`} data-testid={`variance-row-${node.key}`}>
                  <th scope="row" className="variance-row__concept">
                    <span className="concept">
                      {node.hasChildren ? (
                        <button
                          type="button"
                          className="expander"
                          aria-expanded={isOpen}
                          aria-label={`${isOpen ? 'Contraer' : 'Expandir'} ${label}`}
                          onClick={() => toggle(node.key)}
                        >
                          <span aria-hidden="true">{isOpen ? '▾' : '▸'}</span>
                        </button>
                      ) : (
                        <span className="concept__spacer" aria-hidden="true" />
                      )}
                      <span className="concept__label">{label}</span>
                    </span>
                  </th>
                  <FigureCells figures={row} />
                  <td>
                    <SignOffCell
                      row={row}
                      canSignOff={canSignOff}
                      canReopen={canReopen}
                      onSign={() => setDialog({ kind: 'sign', row })}
                      onReopen={(own) => setDialog({ kind: 'reopen', row, signOff: own })}
                    />
                  </td>
                  <td>
                    <button type="button" className="link-button nowrap" onClick={() => onShowLines(row)} aria-label={`Ver las líneas de ${label}`}>
                      Ver líneas
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
          <tfoot>
            <tr className="variance-row variance-row--total" data-testid="variance-total">
              <th scope="row">Total del programa</th>
              <FigureCells figures={summary.totals} />
              <td />
              <td />
            </tr>
          </tfoot>
        </table>
      </div>
      {dialog?.kind === 'sign' ? (
        <ActionDialog
          title="Dar conformidad"
          confirmLabel="Dar conformidad"
          busyLabel="Firmando…"
          comment={{ label: 'Comentario', schema: signOffBodySchema.shape.comment }}
          testId="sign-off-dialog"
          onClose={() => setDialog(null)}
          onConfirm={async (comment) => {
            const target = signOffTargetOf(dialog.row);
            if (!target) return;
            await signOff(programmeId, target, comment);
            await invalidateReconciliation(queryClient, programmeId);
          }}
        >
          <p>
            Da por conciliado <strong>{signOffScope({ ...signOffTargetOf(dialog.row)!, processCode: dialog.row.process?.code ?? null })}</strong>:
            planificado {formatMoney(dialog.row.planned)}, ejecutado {formatMoney(dialog.row.executed)}, diferencia{' '}
            {formatSignedMoney(dialog.row.difference)}. Sus líneas y ejecuciones quedan bloqueadas hasta que un administrador lo reabra.
          </p>
        </ActionDialog>
      ) : null}
      {dialog?.kind === 'reopen' ? (
        <ActionDialog
          title="Reabrir la conformidad"
          confirmLabel="Reabrir"
          busyLabel="Reabriendo…"
          comment={{ label: 'Motivo de la reapertura', schema: reopenBodySchema.shape.comment }}
          testId="reopen-dialog"
          onClose={() => setDialog(null)}
          onConfirm={async (comment) => {
            await reopenSignOff(programmeId, dialog.signOff.id, comment);
            await invalidateReconciliation(queryClient, programmeId);
          }}
        >
          <p>
            {signOffScope(dialog.signOff)}: {signedText(dialog.signOff)}. Al reabrirla, sus líneas vuelven a poder cambiar.
          </p>
        </ActionDialog>
      ) : null}
    </div>
  );
}

function FigureCells({ figures }: { figures: VarianceFigures }) {
  return (
    <>
      <td className="num col-money">{formatMoneyOrDash(figures.declared)}</td>
      <td className="num col-money">{formatMoney(figures.planned)}</td>
      <td className="num col-money">{formatMoney(figures.executed)}</td>
      <td className="num col-money">{formatSignedMoney(figures.difference)}</td>
      <td className="num">{formatPercent(figures.percent)}</td>
      <td>
        <span className="check-stack">
          <ToleranceMark within={figures.withinTolerance} />
          {figures.linesOutsideTolerance > 0 ? (
            <span className="cell-note">{plural(figures.linesOutsideTolerance, 'línea fuera', 'líneas fuera')}</span>
          ) : null}
          {figures.unexecutedLines > 0 ? (
            <span className="cell-note">
              {formatCount(figures.unexecutedLines)} de {plural(figures.plannedLines, 'línea', 'líneas')} sin ejecución
            </span>
          ) : null}
        </span>
      </td>
    </>
  );
}

function SignOffCell({
  row,
  canSignOff,
  canReopen,
  onSign,
  onReopen,
}: {
  row: ReconciliationRow;
  canSignOff: boolean;
  canReopen: boolean;
  onSign: () => void;
  onReopen: (signOff: SignOffDto) => void;
}) {
  const label = nodeLabel(row);
  if (row.signOff) {
    const own = ownsSignOff(row, row.signOff);
    return (
      <span className="check-stack">
        <span className="sign-off sign-off--signed" data-testid="sign-off-state">
          <span aria-hidden="true">✔ </span>
          {signedText(row.signOff)}
        </span>
        {own ? null : <span className="cell-note">por {signOffScope(row.signOff)}</span>}
        {own && canReopen ? (
          <button type="button" className="link-button" onClick={() => onReopen(row.signOff!)} aria-label={`Reabrir ${label}`}>
            Reabrir
          </button>
        ) : null}
      </span>
    );
  }
  if (canSignOff && signOffTargetOf(row)) {
    return (
      <button type="button" className="button button--small" onClick={onSign} aria-label={`Dar conformidad a ${label}`}>
        Dar conformidad
      </button>
    );
  }
  return signOffTargetOf(row) ? <span className="muted">Pendiente</span> : null;
}
