// The programme summary as an expandable tree table: channel → segment → process, each with the
// figures computed from the purchase lines beside the figures declared in the source report.
import { useMemo, type ReactNode } from 'react';
import {
  createColumnHelper,
  createExpandedRowModel,
  metaHelper,
  rowExpandingFeature,
  tableFeatures,
  useTable,
  type Row,
} from '@tanstack/react-table';
import type { Figures, ProgrammeSummary } from '../../../../shared/api.ts';
import { formatCount, formatSignedCount } from '../../platform/lib/format.ts';
import { formatMoney } from '../../../../shared/money.ts';
import { formatMoneyOrDash, formatSignedMoney } from '../../platform/lib/money-display.ts';
import { verifyFigures } from '../../../../shared/purchase-summary.ts';
import { buildSummaryTree, type SummaryNode } from './summary-tree.ts';

interface SummaryColumnMeta {
  numeric?: boolean;
  rowHeader?: boolean;
  /** Suffix for data-testid on body cells: grand-total-<key> or summary-<key>-<row id>. */
  testKey?: string;
  className?: string;
}

const features = tableFeatures({
  rowExpandingFeature,
  expandedRowModel: createExpandedRowModel(),
  columnMeta: metaHelper<SummaryColumnMeta>(),
});
type SummaryRow = Row<typeof features, SummaryNode>;

const column = createColumnHelper<typeof features, SummaryNode>();
const columns = column.columns([
  column.display({
    id: 'concept',
    header: 'Concepto',
    cell: ({ row }) => <ConceptCell row={row} />,
    meta: { rowHeader: true, className: 'col-concept' },
  }),
  column.accessor((node) => node.figures.items, {
    id: 'items',
    header: 'Ítems',
    cell: (info) => formatCount(info.getValue()),
    meta: { numeric: true, testKey: 'items' },
  }),
  column.accessor((node) => node.figures.amount, {
    id: 'amount',
    header: 'Monto (S/)',
    cell: ({ row }) => <AmountCell figures={row.original.figures} />,
    meta: { numeric: true, testKey: 'amount', className: 'col-money' },
  }),
  column.group({
    id: 'declared',
    header: 'Declarado en el informe',
    columns: column.columns([
      column.accessor((node) => node.figures.declaredItems, {
        id: 'declaredItems',
        header: 'Ítems',
        cell: (info) => {
          const value = info.getValue();
          return value === null ? '—' : formatCount(value);
        },
        meta: { numeric: true, testKey: 'declared-items', className: 'col-declared col-declared--first' },
      }),
      column.accessor((node) => node.figures.declaredAmount, {
        id: 'declaredAmount',
        header: 'Monto (S/)',
        cell: (info) => formatMoneyOrDash(info.getValue()),
        meta: { numeric: true, testKey: 'declared-amount', className: 'col-money col-declared' },
      }),
    ]),
  }),
  column.display({
    id: 'check',
    header: 'Verificación',
    cell: ({ row }) => <VerificationCell figures={row.original.figures} />,
    meta: { testKey: 'check', className: 'col-check' },
  }),
]);

export function SummaryTreeTable({ summary, title }: { summary: ProgrammeSummary; title: ReactNode }) {
  const data = useMemo(() => buildSummaryTree(summary), [summary]);
  const table = useTable({
    features,
    columns,
    data,
    getSubRows: (node) => node.subRows,
    getRowId: (node) => node.id,
    initialState: { expanded: true },
  });

  const headerGroups = table.getHeaderGroups();
  const lastGroupIndex = headerGroups.length - 1;
  const allExpanded = table.getIsAllRowsExpanded();

  return (
    <div className="summary-tree">
      <div className="panel__heading">
        {title}
        <button
          type="button"
          className="button button--quiet button--small"
          onClick={() => table.toggleAllRowsExpanded(!allExpanded)}
        >
          {allExpanded ? 'Contraer todo' : 'Expandir todo'}
        </button>
      </div>
      <div className="table-scroll table-scroll--auto" role="region" aria-label="Resumen de la programación" tabIndex={0}>
        <table className="data-table summary-table" data-testid="programme-summary">
          <caption className="visually-hidden">
            Ítems y montos por canal, segmento y proceso de compra, con lo declarado en el informe y su verificación
          </caption>
          <colgroup span={1} />
          <colgroup span={2} />
          <colgroup span={2} className="colgroup-declared" />
          <colgroup span={1} />
          <thead>
            {headerGroups.map((headerGroup, groupIndex) => (
              <tr key={headerGroup.id}>
                {headerGroup.headers.map((header) => {
                  const isGroup = header.subHeaders.length > 0 && !header.isPlaceholder;
                  const meta = header.column.columnDef.meta;
                  const className = [meta?.numeric ? 'num' : '', meta?.className ?? '', isGroup ? 'th-group' : '']
                    .filter(Boolean)
                    .join(' ');
                  if (groupIndex < lastGroupIndex && header.isPlaceholder) {
                    // A leaf column without a group above it: one cell spanning every header row.
                    return (
                      <th key={header.id} scope="col" rowSpan={headerGroups.length - groupIndex} className={className || undefined}>
                        <table.FlexRender header={header} />
                      </th>
                    );
                  }
                  if (groupIndex === lastGroupIndex && header.column.depth === 0 && headerGroups.length > 1) {
                    return null; // already rendered with rowSpan above
                  }
                  return (
                    <th
                      key={header.id}
                      scope={isGroup ? 'colgroup' : 'col'}
                      colSpan={header.colSpan}
                      className={className || undefined}
                    >
                      <table.FlexRender header={header} />
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className={`summary-row summary-row--${row.original.kind} depth-${row.depth}`}
                data-testid={row.original.kind === 'total' ? 'grand-total-row' : `summary-row-${row.id}`}
              >
                {row.getAllCells().map((cell) => {
                  const meta = cell.column.columnDef.meta;
                  const className = [meta?.numeric ? 'num' : '', meta?.className ?? ''].filter(Boolean).join(' ') || undefined;
                  const testId = meta?.testKey
                    ? row.original.kind === 'total'
                      ? `grand-total-${meta.testKey}`
                      : `summary-${meta.testKey}-${row.id}`
                    : undefined;
                  const content = <table.FlexRender cell={cell} />;
                  return meta?.rowHeader ? (
                    <th key={cell.id} scope="row" className={className}>
                      {content}
                    </th>
                  ) : (
                    <td key={cell.id} className={className} data-testid={testId}>
                      {content}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ConceptCell({ row }: { row: SummaryRow }) {
  const node = row.original;
  const label = <span className="concept__label">{node.label}</span>;
  if (!row.getCanExpand()) {
    return (
      <span className={`concept concept--${node.kind}`}>
        <span className="concept__spacer" aria-hidden="true" />
        {label}
      </span>
    );
  }
  const expanded = row.getIsExpanded();
  return (
    <span className={`concept concept--${node.kind}`}>
      <button
        type="button"
        className="expander"
        aria-expanded={expanded}
        aria-label={`${expanded ? 'Contraer' : 'Expandir'} ${node.label}`}
        onClick={row.getToggleExpandedHandler()}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>
      </button>
      {label}
    </span>
  );
}

function AmountCell({ figures }: { figures: Figures }) {
  if (figures.amount !== null) return <>{formatMoney(figures.amount)}</>;
  return (
    <>
      <span>—</span>
      {figures.declaredAmount === null ? <span className="cell-note">el informe no da monto</span> : null}
    </>
  );
}

function VerificationCell({ figures }: { figures: Figures }) {
  const result = verifyFigures(figures);
  if (result.undeclared) return <span className="check check--neutral">El informe no lo publica</span>;

  if (result.matches) {
    return (
      <span className="check-stack">
        <span className="check check--ok">
          <span aria-hidden="true">✓ </span>Coincide
        </span>
        {result.amount.kind === 'not-declared' ? <span className="cell-note">Sin monto declarado</span> : null}
        {result.itemDifference === null ? <span className="cell-note">Ítems no declarados</span> : null}
      </span>
    );
  }

  const parts: string[] = [];
  if (result.itemDifference !== null && result.itemDifference !== 0) {
    parts.push(`${formatSignedCount(result.itemDifference)} ${Math.abs(result.itemDifference) === 1 ? 'ítem' : 'ítems'}`);
  }
  if (result.amount.kind === 'different') parts.push(formatSignedMoney(result.amount.difference));
  if (result.amount.kind === 'missing-computed') parts.push('sin monto calculado');
  return (
    <span className="check-stack">
      <span className="check check--error">
        <span aria-hidden="true">✗ </span>Diferencia:{' '}
        {parts.map((part, index) => (
          <span key={part} className="nowrap">
            {index > 0 ? ' / ' : ''}
            {part}
          </span>
        ))}
      </span>
      {result.amount.kind === 'not-declared' ? <span className="cell-note">Sin monto declarado</span> : null}
    </span>
  );
}
