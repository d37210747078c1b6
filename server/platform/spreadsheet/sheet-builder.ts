// A sheet's rows as import reads them, and the limits every file is held to while it is read (CSV
// or XLSX): a file beyond them is refused as soon as a reader meets the excess, before more work.
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

/**
 * The limits of one import's files. Every importer reads with the defaults above except the SAP
 * purchase-order import, whose exports run to a million rows (it streams them to the database).
 */
export interface SheetLimits {
  maxDataRows: number;
  maxCells: number;
  /** What all parts of an XLSX may inflate to. */
  maxInflatedBytes: number;
}

export const DEFAULT_SHEET_LIMITS: SheetLimits = { maxDataRows: MAX_DATA_ROWS, maxCells: MAX_CELLS, maxInflatedBytes: 200 * 1024 * 1024 };

/** How a file is read: its limits, and who hears how much of it has been read (0 to 1). */
export interface SheetReadOptions {
  limits?: SheetLimits;
  onProgress?: (fraction: number) => void;
}

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

export const tooManyRows = (maxDataRows: number) =>
  beyondLimit(`El archivo tiene más de ${formatCount(maxDataRows)} filas de datos; divídalo en partes de ese tamaño como máximo.`);

/** Passes on the rows a reader meets, the header first, skipping blank ones and enforcing the limits. */
export class BoundedRows {
  private headerSeen = false;
  private dataRows = 0;
  private cellsWithData = 0;

  constructor(private readonly limits: SheetLimits = DEFAULT_SHEET_LIMITS) {}

  /**
   * `cells` may be sparse or end in empty cells. The row as import reads it, or undefined for a
   * row with no value and no formula.
   */
  accept(rowNumber: number, cells: readonly (string | undefined)[], formulaColumns: number[] = [], numberColumns: number[] = []): SheetRow | undefined {
    let width = cells.length;
    while (width > 0 && !cells[width - 1] && !formulaColumns.includes(width - 1)) width--;
    if (width === 0) return undefined;
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
    if (this.cellsWithData > this.limits.maxCells) {
      throw beyondLimit(`El archivo tiene más de ${formatCount(this.limits.maxCells)} celdas con datos; quite las columnas que no son del petitorio.`);
    }
    if (!this.headerSeen) this.headerSeen = true;
    else if (++this.dataRows > this.limits.maxDataRows) throw tooManyRows(this.limits.maxDataRows);
    return { rowNumber, cells: dense, formulaColumns, numberColumns };
  }

  /** After the last row: a sheet without a single one is refused. */
  finish(): void {
    if (!this.headerSeen) throw unreadable('La hoja está vacía: no tiene filas con datos.');
  }
}
