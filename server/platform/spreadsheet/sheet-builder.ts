// A sheet as import reads it, and the limits every file is held to while it is read (CSV or
// XLSX): a file beyond them is refused as soon as a reader meets the excess, before more work.
import { HttpProblem } from '../http/problem.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

export interface SheetRow {
  /** As the spreadsheet numbers it: the header is row 1. */
  rowNumber: number;
  cells: string[];
  /** Columns (0-based) whose cell holds a formula rather than a value. */
  formulaColumns: number[];
  /** Columns (0-based) whose cell is a number (XLSX only); its text is the number exactly as stored. */
  numberColumns: number[];
}

export interface Sheet {
  headers: string[];
  rows: SheetRow[];
}

/**
 * Data rows a file may hold. A formulary has hundreds to tens of thousands of items; a file far
 * beyond that is a mistake, and its preview would cost the server more than any user can read.
 */
export const MAX_DATA_ROWS = 50_000;
/** The formulary has 8 columns; room for the notes people add beside them. */
export const MAX_COLUMNS = 64;
/** No value of an item comes near this (the longest, a DCI, allows 200). */
export const MAX_CELL_CHARS = 2_000;
/** Cells with data in the whole sheet: 50,000 rows of 20 columns. */
export const MAX_CELLS = 1_000_000;

/** A count as messages write it (es-PE: 50,000). */
export const formatCount = (value: number) => value.toLocaleString('es-PE');

export const unreadable = (detail: string) =>
  new HttpProblem(422, problemTypes.unreadableFile, 'Archivo no legible', detail, [{ field: 'file', in: 'body', message: detail }]);

/** A file refused for a limit: the message names the limit and its number. */
export const beyondLimit = (detail: string) =>
  new HttpProblem(422, problemTypes.fileBeyondLimits, 'Archivo fuera de los límites', detail, [{ field: 'file', in: 'body', message: detail }]);

/** A column's letters as a spreadsheet shows them: 0 → A, 25 → Z, 26 → AA. */
export const columnLetters = (column: number): string =>
  (column >= 26 ? columnLetters(Math.floor(column / 26) - 1) : '') + String.fromCharCode(65 + (column % 26));

/** A cell with data beyond the last column allowed; `at` names the row, when known. */
export const tooManyColumns = (at?: { rowNumber: number; column: number }) =>
  beyondLimit(
    `El archivo tiene más de ${MAX_COLUMNS} columnas${at ? ` (la fila ${at.rowNumber} tiene datos en la columna ${columnLetters(at.column)})` : ''}; ` +
      'quite las columnas que no son del petitorio.',
  );

const tooManyRows = () =>
  beyondLimit(`El archivo tiene más de ${formatCount(MAX_DATA_ROWS)} filas de datos; divídalo en partes de ese tamaño como máximo.`);

/** Collects rows as a reader meets them, skipping blank ones and enforcing the limits. */
export class SheetBuilder {
  private headers: string[] | undefined;
  private readonly rows: SheetRow[] = [];
  private cellsWithData = 0;

  /** `cells` may be sparse or end in empty cells; a row with no value and no formula is skipped. */
  add(rowNumber: number, cells: readonly (string | undefined)[], formulaColumns: number[] = [], numberColumns: number[] = []): void {
    let width = cells.length;
    while (width > 0 && !cells[width - 1] && !formulaColumns.includes(width - 1)) width--;
    if (width === 0) return;
    if (width > MAX_COLUMNS) throw tooManyColumns({ rowNumber, column: width - 1 });
    const dense = Array.from({ length: width }, (_, column) => cells[column] ?? '');
    dense.forEach((cell, column) => {
      if (cell.length > MAX_CELL_CHARS) {
        throw beyondLimit(
          `El archivo tiene una celda de más de ${formatCount(MAX_CELL_CHARS)} caracteres (${columnLetters(column)}${rowNumber}); ` +
            'ningún dato del petitorio es tan largo.',
        );
      }
      if (cell !== '') this.cellsWithData++;
    });
    if (this.cellsWithData > MAX_CELLS) {
      throw beyondLimit(`El archivo tiene más de ${formatCount(MAX_CELLS)} celdas con datos; quite las columnas que no son del petitorio.`);
    }
    if (!this.headers) this.headers = dense;
    else if (this.rows.length === MAX_DATA_ROWS) throw tooManyRows();
    else this.rows.push({ rowNumber, cells: dense, formulaColumns, numberColumns });
  }

  finish(): Sheet {
    if (!this.headers) throw unreadable('La hoja está vacía: no tiene filas con datos.');
    return { headers: this.headers, rows: this.rows };
  }
}
