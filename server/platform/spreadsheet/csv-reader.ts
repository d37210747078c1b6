// Reads CSV as spreadsheets save it: UTF-8 (with or without BOM) or Windows-1252, what Excel on
// Windows still writes; comma, semicolon (Excel where the comma is the decimal separator) or tab,
// detected once from the header. The file is streamed from disk twice, 64 KB at a time: once to
// tell the encoding (every byte valid UTF-8, or not), once to decode and parse it, yielding to the
// event loop between chunks, so a large file is never held in memory nor holds up other requests.
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { CsvError, parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { restoreNeutralisedCell } from '../http/csv.ts';
import { BoundedRows, tooManyColumns, unreadable, type SheetReadOptions, type SheetRow } from './sheet-builder.ts';

const CHUNK_BYTES = 64 * 1024;
/** Excel's last column: a record wider than this was not saved by a spreadsheet. */
const MAX_FIELDS = 16_384;
const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];
export type Encoding = 'utf-8' | 'windows-1252';

const parseOptions = (delimiter: Delimiter): Options => ({ delimiter, relax_column_count: true, bom: true });

/** The rows of the CSV at `path`, the header first, as they are parsed. */
export async function* readCsv(path: string, { limits, onProgress }: SheetReadOptions = {}): AsyncGenerator<SheetRow> {
  const chunks = decodedChunks(path, await detectEncoding(path), onProgress);
  try {
    const first = await chunks.next();
    const delimiter = detectDelimiter(first.done ? '' : first.value);
    const fields = new FieldCounter(delimiter);
    const rows = new BoundedRows(limits);
    const parser = parse(parseOptions(delimiter));
    const feeding = pipeline(async function* () {
      for (let chunk = first; !chunk.done; chunk = await chunks.next()) {
        fields.count(chunk.value);
        yield chunk.value;
        await yieldToEventLoop();
      }
    }, parser);
    // A failure while feeding destroys the parser, so it also ends the loop below, with that error.
    feeding.catch(() => {});
    let rowNumber = 0;
    try {
      // Empty lines are records too, so row numbers stay the ones a spreadsheet shows.
      for await (const record of parser as AsyncIterable<string[]>) {
        rowNumber++;
        const row = rows.accept(rowNumber, csvCells(record), csvFormulaColumns(record));
        if (row) yield row;
      }
      await feeding;
    } catch (error) {
      if (error instanceof CsvError) throw unreadable(`No se pudo leer el CSV: ${csvProblem(error)}.`);
      throw error;
    }
    rows.finish();
  } finally {
    await chunks.return(undefined);
  }
}

/** A record's cells as import reads them: a neutralised cell (export's '=…) is data. */
export const csvCells = (record: readonly string[]) => record.map(restoreNeutralisedCell);

/** The columns of a record whose cell is text a spreadsheet would evaluate (a formula). */
export const csvFormulaColumns = (record: readonly (string | null)[]) =>
  record.flatMap((cell, column) => (cell !== null && (/^[=+@]/.test(cell) || /^-[^\d]/.test(cell)) ? [column] : []));

/** UTF-8 when every byte of the file is (a BOM or not); otherwise Windows-1252. Checked without decoding. */
export async function detectEncoding(path: string): Promise<Encoding> {
  let carried: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const bytes = carried.length > 0 ? Buffer.concat([carried, chunk as Buffer]) : (chunk as Buffer);
    // A character split across two chunks is checked whole, with the next one.
    const whole = bytes.length - unfinishedCharacter(bytes);
    if (!isUtf8(bytes.subarray(0, whole))) return 'windows-1252';
    carried = bytes.subarray(whole);
  }
  return carried.length === 0 ? 'utf-8' : 'windows-1252';
}

/** How many bytes at the end begin a UTF-8 character that the bytes do not finish (0 to 3). */
function unfinishedCharacter(bytes: Buffer): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: the lead is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

async function* decodedChunks(path: string, encoding: Encoding, onProgress?: (fraction: number) => void): AsyncGenerator<string> {
  const decoder = new TextDecoder(encoding);
  const size = onProgress ? (await stat(path)).size : 0;
  let read = 0;
  for await (const bytes of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    read += (bytes as Buffer).length;
    onProgress?.(size === 0 ? 1 : read / size);
    const text = decoder.decode(bytes as Buffer, { stream: true });
    if (text.includes('\u0000')) throw unreadable('El archivo no es un CSV ni un XLSX (contiene datos binarios).');
    yield text;
  }
}

/**
 * How a CSV is written, for a reader other than this one (the database's COPY): its encoding,
 * delimiter, and how many fields its first record has (quotes honoured, empty ones counted).
 */
export async function csvLayout(path: string): Promise<{ encoding: Encoding; delimiter: Delimiter; width: number }> {
  const encoding = await detectEncoding(path);
  const chunks = decodedChunks(path, encoding);
  const first = await chunks.next().catch(() => ({ done: true, value: '' }) as const);
  await chunks.return(undefined);
  const start = first.done ? '' : first.value;
  const delimiter = detectDelimiter(start);
  let width = 0;
  try {
    width = ((parseSync(start, { ...parseOptions(delimiter), to: 1 }) as string[][])[0] ?? []).length;
  } catch {
    // The header's quotes do not close within the first chunk: left to this reader.
  }
  return { encoding, delimiter, width };
}

/**
 * The delimiter that splits the header into the most fields, read by csv-parse itself so quotes
 * count as they will in the file ("Dosis, forma" in quotes is one field). A cell such as
 * «300 mg + 0,4 mg» below it then stays whole.
 */
export function detectDelimiter(start: string): Delimiter {
  const widths = DELIMITERS.map((delimiter) => {
    try {
      const [header] = parseSync(start, { ...parseOptions(delimiter), to: 1, skip_empty_lines: true }) as string[][];
      return header?.length ?? 0;
    } catch {
      return 0; // e.g. the header's quotes do not close within the first chunk
    }
  });
  return DELIMITERS[widths.indexOf(Math.max(...widths))]!;
}

/**
 * Fields per record as csv-parse will count them (quotes honoured), to refuse a record wider than
 * any spreadsheet before csv-parse builds it: 20 MB of ";" would otherwise be 20 million cells.
 */
class FieldCounter {
  private quoted = false;
  private fields = 1;

  constructor(private readonly delimiter: Delimiter) {}

  count(text: string) {
    for (let index = 0; index < text.length; index++) {
      const char = text[index];
      if (char === '"') this.quoted = !this.quoted;
      else if (this.quoted) continue;
      else if (char === this.delimiter) {
        if (++this.fields > MAX_FIELDS) throw tooManyColumns();
      } else if (char === '\n' || char === '\r') this.fields = 1;
    }
  }
}

function csvProblem(error: CsvError): string {
  const line = typeof error.lines === 'number' ? ` (línea ${error.lines})` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return `unas comillas no se cierran${line}`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
      return `hay comillas en medio de una celda${line}; una celda con comillas debe ir entera entre comillas`;
    default:
      return `el formato no es válido${line}`;
  }
}
