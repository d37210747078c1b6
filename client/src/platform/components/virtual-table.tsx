// A table that renders only the rows in view (TanStack Virtual), for lists that may hold tens of
// thousands of rows, such as the preview of a whole formulary's import. The header stays in place
// and the rows keep their real heights (measured), so multi-line cells scroll correctly.
import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface VirtualTableProps<T> {
  rows: readonly T[];
  /** A stable key of each row; the row's position when left out. */
  rowKey?: (row: T) => string | number;
  /** The <tr> of header cells. */
  header: ReactNode;
  columnCount: number;
  /** The cells of one row. */
  cells: (row: T) => ReactNode;
  caption: string;
  testId?: string;
  className?: string;
  /** A first guess of a row's height in pixels, before it is measured. */
  estimatedRowHeight?: number;
}

export function VirtualTable<T>({
  rows,
  rowKey,
  header,
  columnCount,
  cells,
  caption,
  testId,
  className,
  estimatedRowHeight = 36,
}: VirtualTableProps<T>) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimatedRowHeight,
    getItemKey: (index) => (rowKey ? rowKey(rows[index] as T) : index),
    overscan: 10,
  });
  const visible = virtualizer.getVirtualItems();
  // Spacer rows stand in for the rows above and below the window, so the scrollbar is true to size.
  const above = visible[0]?.start ?? 0;
  const below = virtualizer.getTotalSize() - (visible.at(-1)?.end ?? 0);

  return (
    <div ref={scrollRef} className="table-scroll table-scroll--virtual" role="region" aria-label={caption} tabIndex={0}>
      <table className={['data-table', className].filter(Boolean).join(' ')} data-testid={testId} aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>{header}</thead>
        <tbody>
          {above > 0 ? <SpacerRow height={above} columnCount={columnCount} /> : null}
          {visible.map((item) => {
            const row = rows[item.index] as T;
            return (
              <tr key={item.key} data-index={item.index} ref={virtualizer.measureElement} aria-rowindex={item.index + 2}>
                {cells(row)}
              </tr>
            );
          })}
          {below > 0 ? <SpacerRow height={below} columnCount={columnCount} /> : null}
        </tbody>
      </table>
    </div>
  );
}

function SpacerRow({ height, columnCount }: { height: number; columnCount: number }) {
  return (
    <tr aria-hidden="true" className="virtual-spacer">
      <td colSpan={columnCount} style={{ height }} />
    </tr>
  );
}
