import { useEffect } from 'react';

/** Sets the tab title ("Petitorio · Abastece") so history entries and screen readers name the page. */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    if (title) document.title = `${title} · Abastece`;
  }, [title]);
}
