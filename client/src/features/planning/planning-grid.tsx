// The planning grid: one row per purchase line, virtualised (TanStack Virtual) so that 20,000 lines
// scroll smoothly, its columns described once with TanStack Table. A spreadsheet's keyboard model:
// arrows (and Tab / Shift-Tab) move between cells, Enter or F2 (or typing a figure) edits, Enter
// or Tab keeps the change, Esc drops it, Space selects the row, Delete removes the line, Ctrl+Z
// undoes the last change.
// Every change is checked with the shared schema before it leaves; the message stays on the cell.
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createColumnHelper, metaHelper, tableFeatures, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { Link } from 'react-router';
import type { PurchaseLineDto } from '../../../../shared/api.ts';
import { processStatusLabels } from '../../../../shared/procurement.ts';
import type { RuleViolation } from '../../../../shared/procurement-api.ts';
import { RuleFlag } from '../procurement/procurement-display.tsx';
import {
  channelLabels,
  channels,
  processLabels,
  processes,
  segmentLabels,
  segments,
  supplyListLabels,
} from '../../../../shared/domain.ts';
import { formatAmount } from '../../../../shared/money.ts';
import { formatQuantity, formatUnitPrice } from '../../platform/lib/format.ts';
import { NO_AMOUNT } from '../../platform/lib/money-display.ts';
import { draftAmount, readDecimalText, sameDecimal, type EditableField, type FieldErrors, type LineFields } from './line-edit.ts';
import type { LineSort } from './planning-filters.ts';

export interface RowState {
  saving?: boolean;
  /** The server holds another version: what this officer wanted, and what is stored. */
  conflict?: { mine: LineFields; theirs: PurchaseLineDto };
  /** A write the server refused for another reason. */
  error?: string;
}

interface GridColumnMeta {
  /** The line field the cell edits. */
  field?: EditableField;
  numeric?: boolean;
  className?: string;
  sort?: LineSort;
}

const features = tableFeatures({ columnMeta: metaHelper<GridColumnMeta>() });
const column = createColumnHelper<typeof features, PurchaseLineDto>();

/** The columns the keyboard moves across, in order. */
const columns = column.columns([
  column.accessor((line) => line.item.code, { id: 'code', header: 'Código', meta: { className: 'col-code', sort: 'code' } }),
  column.accessor((line) => line.item.name, { id: 'name', header: 'Ítem', meta: { className: 'col-name', sort: 'name' } }),
  column.accessor('channel', { id: 'channel', header: 'Canal', meta: { field: 'channel', sort: 'channel' } }),
  column.accessor('segment', { id: 'segment', header: 'Segmento', meta: { field: 'segment' } }),
  column.accessor('process', { id: 'process', header: 'Proceso', meta: { field: 'process', sort: 'process' } }),
  column.accessor((line) => line.procurementProcess?.code ?? null, {
    id: 'procurement',
    header: 'Proceso de selección',
    meta: { className: 'col-procurement' },
  }),
  column.accessor('quantity', { id: 'quantity', header: 'Cantidad', meta: { field: 'quantity', numeric: true, sort: 'quantity' } }),
  column.accessor('unitPrice', {
    id: 'unitPrice',
    header: 'Precio unitario (S/)',
    meta: { field: 'unitPrice', numeric: true, sort: 'unitPrice' },
  }),
  column.accessor('amount', { id: 'amount', header: 'Monto (S/)', meta: { numeric: true, className: 'col-money', sort: 'amount' } }),
]);
const COLUMN_COUNT = 9;
const PROCUREMENT_COL = 5;
/** Selection checkbox before, actions after. */
const RENDERED_COLUMNS = COLUMN_COUNT + 2;

const fieldLabels: Record<EditableField, string> = {
  channel: 'Canal',
  segment: 'Segmento',
  process: 'Proceso',
  quantity: 'Cantidad',
  unitPrice: 'Precio unitario',
};

export interface PlanningGridProps {
  lines: readonly PurchaseLineDto[];
  rowStates: ReadonlyMap<number, RowState>;
  canEdit: boolean;
  sort: LineSort;
  order: 'asc' | 'desc';
  onSort: (sort: LineSort) => void;
  selected: ReadonlySet<number>;
  onSelect: (ids: readonly number[], selected: boolean) => void;
  /** Checks and sends one change; answers the messages when the schema refuses it. */
  onCommit: (line: PurchaseLineDto, field: EditableField, value: string | null) => FieldErrors | null;
  onDelete: (line: PurchaseLineDto) => void;
  onResolve: (line: PurchaseLineDto, choice: 'mine' | 'theirs') => void;
  onDismissError: (line: PurchaseLineDto) => void;
  onUndo: () => void;
  empty: ReactNode;
  /** The rules each line breaks (issue 12): flagged beside its code, never blocking an edit. */
  flags?: ReadonlyMap<number, readonly RuleViolation[]>;
  /** Told which lines are on screen (rendered rows), so their flags can be asked for. */
  onVisibleLinesChange?: (lineIds: readonly number[]) => void;
}

interface ActiveCell {
  lineId: number;
  col: number;
}

interface Editing {
  lineId: number;
  field: EditableField;
  text: string;
  error?: string;
}

const ROW_HEIGHT = 36;

export function PlanningGrid(props: PlanningGridProps) {
  const {
    lines,
    rowStates,
    canEdit,
    sort,
    order,
    onSort,
    selected,
    onSelect,
    onCommit,
    onDelete,
    onResolve,
    onDismissError,
    onUndo,
    flags,
    onVisibleLinesChange,
  } = props;
  const table = useTable({ features, columns, data: lines as PurchaseLineDto[], getRowId: (line) => String(line.id) });
  const rows = table.getRowModel().rows;
  const leafColumns = table.getAllLeafColumns();

  const scrollRef = useRef<HTMLDivElement>(null);
  // Stable while the rows are: a new key function makes the virtualizer measure all 20,000 again.
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: 12,
  });

  const [active, setActive] = useState<ActiveCell | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  /** Set when the keyboard (or a click) moved the active cell: the next render focuses it. */
  const focusPending = useRef(false);

  const indexById = useMemo(() => new Map(lines.map((line, index) => [line.id, index])), [lines]);
  const activeIndex = active ? indexById.get(active.lineId) : undefined;
  const activeLineId = activeIndex === undefined ? (lines[0]?.id ?? null) : active!.lineId;
  const activeCol = activeIndex === undefined ? 0 : active!.col;

  // Bring the active cell into view and give it focus (it may have been rendered only now).
  useLayoutEffect(() => {
    if (!focusPending.current || activeLineId === null) return;
    const index = indexById.get(activeLineId);
    if (index === undefined) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    let attempts = 0;
    const focus = () => {
      const cell = scrollRef.current?.querySelector<HTMLElement>(`[data-line="${activeLineId}"][data-col="${activeCol}"]`);
      if (cell) {
        focusPending.current = false;
        if (!editing) cell.focus({ preventScroll: true });
      } else if (attempts++ < 5) requestAnimationFrame(focus);
    };
    focus();
  });

  const moveTo = (index: number, col: number) => {
    const line = lines[Math.max(0, Math.min(lines.length - 1, index))];
    if (!line) return;
    focusPending.current = true;
    setActive({ lineId: line.id, col: Math.max(0, Math.min(COLUMN_COUNT - 1, col)) });
  };

  const fieldAt = (col: number) => leafColumns[col]?.columnDef.meta?.field;

  const startEditing = (line: PurchaseLineDto, col: number, initialText?: string) => {
    const field = fieldAt(col);
    if (!canEdit || !field || rowStates.get(line.id)?.conflict) return;
    if (field === 'segment' && line.channel === 'essalud') return;
    const current = line[field];
    setEditing({ lineId: line.id, field, text: initialText ?? current ?? '' });
  };

  /** Ends the edit if the change is accepted (or changes nothing); keeps it open with the message otherwise. */
  const commit = (): boolean => {
    if (!editing) return true;
    const line = lines.find((candidate) => candidate.id === editing.lineId);
    if (!line) {
      setEditing(null);
      return true;
    }
    const numeric = editing.field === 'quantity' || editing.field === 'unitPrice';
    const value = numeric ? readDecimalText(editing.text) : editing.text === '' ? null : editing.text;
    const unchanged = numeric ? sameDecimal(value, line[editing.field]) : value === line[editing.field];
    if (!unchanged) {
      const errors = onCommit(line, editing.field, value);
      if (errors) {
        setEditing({ ...editing, error: errors[editing.field] ?? Object.values(errors)[0] });
        return false;
      }
    }
    setEditing(null);
    return true;
  };

  const cancel = () => {
    setEditing(null);
    focusPending.current = true;
  };

  const onGridKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (editing || activeLineId === null) return;
    const target = event.target as HTMLElement;
    // The row's own buttons and checkboxes keep their keys.
    if (target.closest('button, input, select')) return;
    const index = indexById.get(activeLineId) ?? 0;
    const line = lines[index];
    if (!line) return;
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    let handled = true;
    switch (event.key) {
      case 'ArrowDown':
        moveTo(index + 1, activeCol);
        break;
      case 'ArrowUp':
        moveTo(index - 1, activeCol);
        break;
      case 'ArrowRight':
        moveTo(index, activeCol + 1);
        break;
      case 'ArrowLeft':
        moveTo(index, activeCol - 1);
        break;
      case 'PageDown':
        moveTo(index + pageRows, activeCol);
        break;
      case 'PageUp':
        moveTo(index - pageRows, activeCol);
        break;
      case 'Home':
        moveTo(event.ctrlKey ? 0 : index, 0);
        break;
      case 'End':
        moveTo(event.ctrlKey ? lines.length - 1 : index, COLUMN_COUNT - 1);
        break;
      case 'Tab':
        if (event.shiftKey) {
          if (activeCol > 0) moveTo(index, activeCol - 1);
          else if (index > 0) moveTo(index - 1, COLUMN_COUNT - 1);
          else handled = false;
        } else if (activeCol < COLUMN_COUNT - 1) moveTo(index, activeCol + 1);
        else if (index < lines.length - 1) moveTo(index + 1, 0);
        else handled = false;
        break;
      case 'Enter':
      case 'F2':
        // The process cell opens its process, as its link does.
        if (activeCol === PROCUREMENT_COL) {
          scrollRef.current?.querySelector<HTMLElement>(`[data-line="${line.id}"][data-col="${PROCUREMENT_COL}"] a`)?.click();
        } else startEditing(line, activeCol);
        break;
      case ' ':
        onSelect([line.id], !selected.has(line.id));
        break;
      case 'Delete':
        // Undoable like any change (Ctrl+Z brings the line back).
        if (canEdit) {
          // The keyboard stays where the line was: on the next one (or the one before the last).
          const neighbour = lines[index + 1] ?? lines[index - 1];
          if (neighbour) {
            focusPending.current = true;
            setActive({ lineId: neighbour.id, col: activeCol });
          }
          onDelete(line);
        } else handled = false;
        break;
      default:
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z') onUndo();
        else if (!event.ctrlKey && !event.metaKey && !event.altKey && /^[\d.,]$/.test(event.key) && fieldAt(activeCol)) {
          const field = fieldAt(activeCol);
          if (field === 'quantity' || field === 'unitPrice') startEditing(line, activeCol, event.key);
          else handled = false;
        } else handled = false;
    }
    if (handled) event.preventDefault();
  };

  const onEditorKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLSelectElement>, index: number) => {
    event.stopPropagation();
    const isText = event.currentTarget instanceof HTMLInputElement;
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (commit()) moveTo(index, activeCol);
    } else if (event.key === 'Tab') {
      event.preventDefault();
      if (commit()) moveTo(index, activeCol + (event.shiftKey ? -1 : 1));
    } else if (isText && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      if (commit()) moveTo(index + (event.key === 'ArrowDown' ? 1 : -1), activeCol);
    }
  };

  const allSelected = lines.length > 0 && lines.every((line) => selected.has(line.id));
  const visible = virtualizer.getVirtualItems();
  const visibleKey = visible.map((item) => rows[item.index]?.original.id).join(',');
  useEffect(() => {
    onVisibleLinesChange?.(visibleKey === '' ? [] : visibleKey.split(',').map(Number));
  }, [visibleKey, onVisibleLinesChange]);
  const above = visible[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (visible.at(-1)?.end ?? 0);

  return (
    <div
      ref={scrollRef}
      className="planning-grid__scroll"
      onKeyDown={onGridKeyDown}
      data-testid="planning-grid-scroll"
    >
      <table
        className="data-table planning-grid"
        role="grid"
        aria-label="Líneas del programa"
        aria-rowcount={lines.length + 1}
        aria-colcount={RENDERED_COLUMNS}
        aria-readonly={!canEdit || undefined}
        data-testid="planning-grid"
      >
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col" className="col-select">
              <input
                type="checkbox"
                aria-label="Seleccionar todas las líneas que se muestran"
                checked={allSelected}
                disabled={lines.length === 0}
                onChange={(event) => onSelect(lines.map((line) => line.id), event.target.checked)}
              />
            </th>
            {table.getHeaderGroups()[0]!.headers.map((header) => {
              const meta = header.column.columnDef.meta;
              const sorted = meta?.sort !== undefined && meta.sort === sort;
              return (
                <th
                  key={header.id}
                  scope="col"
                  className={[meta?.numeric ? 'num' : '', meta?.className ?? ''].filter(Boolean).join(' ') || undefined}
                  aria-sort={sorted ? (order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {meta?.sort ? (
                    <button type="button" className="sort-button" onClick={() => onSort(meta.sort!)}>
                      <span>
                        <table.FlexRender header={header} />
                      </span>
                      <span className={`sort-indicator${sorted ? ' is-active' : ''}`} aria-hidden="true">
                        {sorted ? (order === 'desc' ? '▼' : '▲') : '↕'}
                      </span>
                    </button>
                  ) : (
                    <table.FlexRender header={header} />
                  )}
                </th>
              );
            })}
            <th scope="col" className="col-actions">
              <span className="visually-hidden">Acciones</span>
            </th>
          </tr>
        </thead>
        {lines.length === 0 ? (
          <tbody>
            <tr>
              <td colSpan={RENDERED_COLUMNS} className="data-table__empty">
                {props.empty}
              </td>
            </tr>
          </tbody>
        ) : null}
        {above > 0 ? <SpacerBody height={above} /> : null}
        {visible.map((item) => {
          const row = rows[item.index]!;
          const line = row.original;
          const state = rowStates.get(line.id);
          const rowEditing = editing?.lineId === line.id ? editing : null;
          const draft = (field: 'quantity' | 'unitPrice') =>
            rowEditing?.field === field ? readDecimalText(rowEditing.text) : line[field];
          const amount = rowEditing ? draftAmount(draft('quantity'), draft('unitPrice')) : line.amount;
          return (
            <tbody
              key={item.key}
              data-index={item.index}
              ref={virtualizer.measureElement}
              className={[
                'planning-row',
                selected.has(line.id) ? 'is-selected' : '',
                state?.saving ? 'is-saving' : '',
                state?.conflict ? 'has-conflict' : '',
              ]
                .filter(Boolean)
                .join(' ')}
              data-testid={`line-${line.item.code}-${line.channel}`}
            >
              <tr aria-rowindex={item.index + 2} aria-selected={selected.has(line.id)}>
                <td className="col-select">
                  <input
                    type="checkbox"
                    tabIndex={-1}
                    aria-label={`Seleccionar ${line.item.code} (${channelLabels[line.channel]})`}
                    checked={selected.has(line.id)}
                    onChange={(event) => onSelect([line.id], event.target.checked)}
                  />
                </td>
                {row.getAllCells().map((cell, col) => {
                  const meta = cell.column.columnDef.meta;
                  const isActive = line.id === activeLineId && col === activeCol;
                  const field = meta?.field;
                  const isEditing = rowEditing !== null && field === rowEditing.field;
                  const className =
                    [meta?.numeric ? 'num' : '', meta?.className ?? '', isActive ? 'is-active' : '', isEditing ? 'is-editing' : '']
                      .filter(Boolean)
                      .join(' ') || undefined;
                  const Cell = col === 0 ? 'th' : 'td';
                  return (
                    <Cell
                      key={cell.id}
                      scope={col === 0 ? 'row' : undefined}
                      className={className}
                      tabIndex={isActive && !isEditing ? 0 : -1}
                      data-line={line.id}
                      data-col={col}
                      data-field={cell.column.id}
                      aria-colindex={col + 2}
                      aria-readonly={field && canEdit ? undefined : true}
                      onMouseDown={() => {
                        if (!isActive) setActive({ lineId: line.id, col });
                      }}
                      onDoubleClick={() => startEditing(line, col)}
                    >
                      {isEditing && rowEditing && field ? (
                        <CellEditor
                          line={line}
                          editing={rowEditing}
                          onChange={(text) => setEditing({ ...rowEditing, text, error: undefined })}
                          onKeyDown={(event) => onEditorKeyDown(event, item.index)}
                          onBlur={() => {
                            commit();
                          }}
                        />
                      ) : (
                        <CellValue line={line} columnId={cell.column.id} amount={amount} flags={flags?.get(line.id)} />
                      )}
                    </Cell>
                  );
                })}
                <td className="col-actions">
                  {canEdit ? (
                    <button
                      type="button"
                      className="button button--quiet button--small"
                      tabIndex={-1}
                      onClick={() => onDelete(line)}
                      aria-label={`Eliminar la línea ${line.item.code} (${channelLabels[line.channel]})`}
                      title="Eliminar la línea"
                    >
                      ✕
                    </button>
                  ) : null}
                </td>
              </tr>
              {state?.conflict ? <ConflictRow line={line} conflict={state.conflict} onResolve={onResolve} /> : null}
              {state?.error ? (
                <tr className="planning-row__message">
                  <td colSpan={RENDERED_COLUMNS}>
                    <div className="alert alert--error planning-row__alert" role="alert">
                      <span>{state.error}</span>
                      <button type="button" className="button button--quiet button--small" onClick={() => onDismissError(line)}>
                        Entendido
                      </button>
                    </div>
                  </td>
                </tr>
              ) : null}
            </tbody>
          );
        })}
        {below > 0 ? <SpacerBody height={below} /> : null}
      </table>
    </div>
  );
}

function SpacerBody({ height }: { height: number }) {
  return (
    <tbody aria-hidden="true" className="virtual-spacer">
      <tr>
        <td colSpan={RENDERED_COLUMNS} style={{ height }} />
      </tr>
    </tbody>
  );
}

function CellValue({
  line,
  columnId,
  amount,
  flags,
}: {
  line: PurchaseLineDto;
  columnId: string;
  amount: string | null;
  flags: readonly RuleViolation[] | undefined;
}) {
  switch (columnId) {
    case 'code':
      return (
        <>
          <span className="code">{line.item.code}</span>
          {flags && flags.length > 0 ? <RuleFlag violations={flags} /> : null}
        </>
      );
    case 'procurement':
      return line.procurementProcess ? (
        <Link
          to={`/procesos/${line.procurementProcess.id}`}
          tabIndex={-1}
          className="code"
          title={`${line.procurementProcess.code} (${processStatusLabels[line.procurementProcess.status]})`}
          data-testid="line-process"
        >
          {line.procurementProcess.code}
        </Link>
      ) : (
        <span className="muted" data-testid="line-process">
          No asignado
        </span>
      );
    case 'name':
      return (
        <span title={`${line.item.name} — ${supplyListLabels[line.item.supplyList]}`}>
          {line.item.name}
        </span>
      );
    case 'channel':
      return <>{channelLabels[line.channel]}</>;
    case 'segment':
      return line.segment === null ? <span className="muted">—</span> : <>{segmentLabels[line.segment]}</>;
    case 'process':
      return <>{processLabels[line.process]}</>;
    case 'quantity':
      return <>{formatQuantity(line.quantity)}</>;
    case 'unitPrice':
      return <>{formatUnitPrice(line.unitPrice)}</>;
    case 'amount':
      return <span data-testid="line-amount">{amount === null ? NO_AMOUNT : formatAmount(amount)}</span>;
    default:
      return null;
  }
}

const options: Record<'channel' | 'segment' | 'process', { value: string; label: string }[]> = {
  channel: channels.map((value) => ({ value, label: channelLabels[value] })),
  segment: segments.map((value) => ({ value, label: segmentLabels[value] })),
  process: processes.map((value) => ({ value, label: processLabels[value] })),
};

function CellEditor({
  line,
  editing,
  onChange,
  onKeyDown,
  onBlur,
}: {
  line: PurchaseLineDto;
  editing: Editing;
  onChange: (text: string) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => void;
  onBlur: () => void;
}) {
  const label = `${fieldLabels[editing.field]} de ${line.item.code}`;
  const errorId = `cell-error-${line.id}-${editing.field}`;
  const common = {
    autoFocus: true,
    'aria-label': label,
    'aria-invalid': editing.error ? true : undefined,
    'aria-describedby': editing.error ? errorId : undefined,
    className: 'cell-editor',
    onKeyDown,
    onBlur,
  } as const;
  const inputRef = useRef<HTMLInputElement>(null);
  // Typing a figure over a cell starts with that figure: the caret goes after it, nothing selected.
  useEffect(() => {
    const input = inputRef.current;
    if (input && input.value.length > 1) input.select();
  }, []);
  return (
    <div className="cell-editor__wrap">
      {editing.field === 'quantity' || editing.field === 'unitPrice' ? (
        <input {...common} ref={inputRef} type="text" inputMode="decimal" value={editing.text} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <select {...common} value={editing.text} onChange={(event) => onChange(event.target.value)}>
          {editing.field === 'segment' && line.channel === 'essalud' ? <option value="">—</option> : null}
          {options[editing.field].map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
      {editing.error ? (
        <p id={errorId} className="cell-editor__error" role="alert" data-testid="cell-error">
          {editing.error}
        </p>
      ) : null}
    </div>
  );
}

function ConflictRow({
  line,
  conflict,
  onResolve,
}: {
  line: PurchaseLineDto;
  conflict: NonNullable<RowState['conflict']>;
  onResolve: (line: PurchaseLineDto, choice: 'mine' | 'theirs') => void;
}) {
  const { mine, theirs } = conflict;
  const describe = (fields: LineFields | PurchaseLineDto) =>
    [
      channelLabels[fields.channel],
      fields.segment ? segmentLabels[fields.segment] : null,
      processLabels[fields.process],
      `cantidad ${formatQuantity(fields.quantity)}`,
      `precio ${formatUnitPrice(fields.unitPrice)}`,
    ]
      .filter(Boolean)
      .join(' · ');
  return (
    <tr className="planning-row__message">
      <td colSpan={RENDERED_COLUMNS}>
        <div className="alert alert--warning planning-conflict" role="alert" data-testid="line-conflict">
          <p className="planning-conflict__title">
            Otra persona cambió la línea {line.item.code} mientras usted la editaba; su cambio no se guardó.
          </p>
          <dl className="planning-conflict__versions">
            <dt>Su cambio</dt>
            <dd data-testid="conflict-mine">{describe(mine)}</dd>
            <dt>Lo guardado ahora</dt>
            <dd data-testid="conflict-theirs">{describe(theirs)}</dd>
          </dl>
          <div className="planning-conflict__actions">
            <button type="button" className="button button--primary button--small" onClick={() => onResolve(line, 'mine')}>
              Mantener el mío
            </button>
            <button type="button" className="button button--small" onClick={() => onResolve(line, 'theirs')}>
              Tomar el de la otra persona
            </button>
          </div>
        </div>
      </td>
    </tr>
  );
}
