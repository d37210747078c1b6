// Previous/next through a paged list that is not a ServerTable (the page's own state), with
// "Página N de M" and an optional count after it. Nothing when everything fits on one page.
import type { ReactNode } from 'react';
import { formatCount } from '../lib/format.ts';

export interface PageStepperProps {
  page: number;
  pages: number;
  onPage: (page: number) => void;
  /** What is paged, for screen readers: "Paginación de las líneas del proceso". */
  label: string;
  /** Said after the page number: "· 1,001 procesos". */
  count?: ReactNode;
}

export function PageStepper({ page, pages, onPage, label, count }: PageStepperProps) {
  if (pages <= 1) return null;
  return (
    <nav className="pagination" aria-label={label}>
      <p className="pagination__range">
        Página {formatCount(page)} de {formatCount(pages)}
        {count ? <> · {count}</> : null}
      </p>
      <div className="pagination__buttons">
        <button type="button" className="button button--small" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Anterior
        </button>
        <button type="button" className="button button--small" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Siguiente
        </button>
      </div>
    </nav>
  );
}
