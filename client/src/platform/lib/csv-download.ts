// A table's data as a CSV file the browser saves, built in the page (the charts' "Descargar CSV").
// Values are written as given (decimal strings stay exact); a BOM lets Excel read the accents.

/** One cell quoted when it holds a delimiter, a quote or a line break (RFC 4180). */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Saves `toCsv(header, rows)` as `fileName`. */
export function downloadCsv(fileName: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const blob = new Blob(['\uFEFF', toCsv(header, rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the link: the object URL can go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
