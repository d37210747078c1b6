// Downloads of a programme's lines and summary (CSV and XLSX), written by the server.
import { buildApiUrl } from '../../platform/api/api-client.ts';

export function ExportLinks({ programmeId }: { programmeId: number }) {
  const link = (what: 'lines' | 'summary', format: 'csv' | 'xlsx', label: string) => (
    <a
      className="button button--small"
      href={buildApiUrl(`/programmes/${programmeId}/${what}/export`, { format })}
      download
      data-testid={`export-${what}-${format}`}
    >
      {label}
    </a>
  );
  return (
    <div className="export-links" role="group" aria-label="Exportar">
      <span className="export-links__label">Exportar:</span>
      {link('lines', 'xlsx', 'Líneas XLSX')}
      {link('lines', 'csv', 'Líneas CSV')}
      {link('summary', 'xlsx', 'Resumen XLSX')}
      {link('summary', 'csv', 'Resumen CSV')}
    </div>
  );
}
