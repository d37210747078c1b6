// Reads the first worksheet of an XLSX with bounded work. yauzl opens the zip on disk (its central
// directory is at the end: the reader needs random access, not a stream): the entry count and
// the uncompressed sizes its central directory declares are checked before anything inflates, and
// an entry that inflates beyond what it declared is cut off (inflation runs on zlib's thread pool).
// saxes reads the XML as it inflates, chunk by chunk, yielding to the event loop in between; a
// guard in front of it keeps what saxes buffers small. Only the parts a sheet needs are read:
// xl/workbook.xml and its relationships (which part is the first sheet), the shared strings and
// that sheet, whose rows are passed on as they are parsed.
import { posix } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { SaxesParser } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HttpProblem } from '../http/problem.ts';
import {
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  BoundedRows,
  DEFAULT_SHEET_LIMITS,
  beyondLimit,
  formatCount,
  tooManyColumns,
  unreadable,
  type SheetLimits,
  type SheetReadOptions,
  type SheetRow,
} from './sheet-builder.ts';

/** Parts in the zip: a workbook of a few sheets has tens. */
const MAX_ZIP_ENTRIES = 1_000;

const notXlsx = () => unreadable('No se pudo leer el archivo como hoja de cálculo XLSX.');

/** The rows of the first sheet of the XLSX at `path`, the header first. */
export async function* readXlsx(path: string, { limits = DEFAULT_SHEET_LIMITS, onProgress }: SheetReadOptions = {}): AsyncGenerator<SheetRow> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true });
  } catch {
    throw notXlsx();
  }
  try {
    const entries = await listEntries(zip, limits);
    const entryOf = (name: string) => {
      const entry = entries.get(name.toLowerCase());
      if (!entry) throw notXlsx();
      return entry;
    };
    const part = async (name: string, visitor: XmlVisitor) => {
      for await (const _chunk of parseXml(zip, entryOf(name), visitor));
    };
    const workbook = new WorkbookVisitor();
    await part('xl/workbook.xml', workbook);
    const relations = new RelationshipsVisitor();
    await part('xl/_rels/workbook.xml.rels', relations);
    const sheetTarget = workbook.firstSheetId === undefined ? undefined : relations.byId.get(workbook.firstSheetId);
    if (!sheetTarget) throw unreadable('El libro no tiene hojas.');

    const sharedStrings = new SharedStringsVisitor(limits);
    const stringsPart = relations.sharedStringsTarget ?? 'xl/sharedStrings.xml';
    if (entries.has(stringsPart.toLowerCase())) await part(stringsPart, sharedStrings);
    const sheet = new WorksheetVisitor(sharedStrings.strings, limits);
    const sheetEntry = entryOf(sheetTarget);
    for await (const inflated of parseXml(zip, sheetEntry, sheet)) {
      onProgress?.(sheetEntry.uncompressedSize === 0 ? 1 : Math.min(1, inflated / sheetEntry.uncompressedSize));
      yield* sheet.takeRows();
    }
    sheet.rows.finish();
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    throw notXlsx();
  } finally {
    zip.close();
  }
}

/** The zip's entries by lower-case name: part names in a package compare without case. */
async function listEntries(zip: ZipFile, { maxInflatedBytes }: SheetLimits): Promise<Map<string, Entry>> {
  if (zip.entryCount > MAX_ZIP_ENTRIES) {
    throw beyondLimit(`El archivo XLSX tiene más de ${formatCount(MAX_ZIP_ENTRIES)} partes internas; copie la hoja del petitorio a un libro nuevo.`);
  }
  const entries = new Map<string, Entry>();
  let inflated = 0;
  for await (const entry of zip.eachEntry()) {
    inflated += entry.uncompressedSize;
    if (inflated > maxInflatedBytes) {
      throw beyondLimit(`El archivo se descomprime a más de ${maxInflatedBytes / 1024 / 1024} MB; un petitorio ocupa mucho menos.`);
    }
    entries.set(entry.fileName.toLowerCase(), entry);
  }
  return entries;
}

// ---------------------------------------------------------------------------------------------
// Streaming XML

interface XmlVisitor {
  /** Element and attribute names without their namespace prefix (x:row → row, r:id → id). */
  open(name: string, attributes: Readonly<Record<string, string>>): void;
  close(name: string): void;
  text?(text: string): void;
}

/** Spreadsheet XML nests 7 deep (worksheet › sheetData › row › c › is › r › t). */
const MAX_DEPTH = 16;
const MAX_ATTRIBUTES = 64;
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Feeds the part to the visitor as it inflates; yields (the characters inflated so far) after each
 * chunk, so what it collected can be taken.
 */
async function* parseXml(zip: ZipFile, entry: Entry, visitor: XmlVisitor): AsyncGenerator<number> {
  const parser = new SaxesParser({ position: false });
  let depth = 0;
  let attributes = 0;
  parser.on('opentagstart', () => (attributes = 0));
  parser.on('attribute', () => {
    if (++attributes > MAX_ATTRIBUTES) throw notXlsx();
  });
  parser.on('opentag', (tag) => {
    if (++depth > MAX_DEPTH) throw notXlsx();
    const named: Record<string, string> = {};
    for (const [name, value] of Object.entries(tag.attributes)) named[localName(name)] = value;
    visitor.open(localName(tag.name), named);
  });
  parser.on('closetag', (tag) => {
    depth--;
    visitor.close(localName(tag.name));
  });
  if (visitor.text) parser.on('text', visitor.text.bind(visitor));

  const guard = new MarkupGuard();
  const stream = await zip.openReadStreamPromise(entry);
  stream.setEncoding('utf8');
  // Characters, near enough to bytes for progress: spreadsheet XML is nearly all ASCII.
  let inflated = 0;
  for await (const chunk of stream as AsyncIterable<string>) {
    inflated += chunk.length;
    parser.write(guard.pass(chunk));
    yield inflated;
    await yieldToEventLoop();
  }
  parser.close();
  yield inflated;
}

/**
 * saxes holds in memory whatever lies between two delimiters: text until the next "<", a comment
 * until "-->", an entity name until ";" (even across "<"). The guard in front of it refuses what
 * spreadsheets never write (comments, CDATA, DTDs, processing instructions past the XML
 * declaration) and drops the rest of any run of more than MAX_RUN characters without markup
 * (Excel's longest cell, 32,767 characters, fits even fully escaped): import keeps at most
 * MAX_CELL_CHARS + 1 of a text anyway, and a tag cut short no longer parses.
 */
class MarkupGuard {
  private static readonly MAX_RUN = 256 * 1024;
  private static readonly MAX_ENTITY = 32;
  private static readonly MAX_DECLARATION = 256;
  /** Characters since the last "<"; beyond MAX_RUN they are dropped until the next one. */
  private run = 0;
  /** Characters of the XML declaration read so far (-1: not inside it). */
  private declaration = -1;
  private previous = 0;
  /** Characters of the entity reference being read (-1: none open). */
  private entity = -1;
  private afterLt = false;
  private sawMarkup = false;

  pass(chunk: string): string {
    let kept = '';
    let keptFrom = this.run > MarkupGuard.MAX_RUN ? -1 : 0;
    for (let index = 0; index < chunk.length; index++) {
      const code = chunk.charCodeAt(index);
      if (this.afterLt) {
        this.afterLt = false;
        if (code === 0x21 /* ! */) throw notXlsx();
        if (code === 0x3f /* ? */) {
          if (this.sawMarkup) throw notXlsx();
          this.declaration = 0;
        }
        this.sawMarkup = true;
      }
      if (this.declaration >= 0) {
        if (++this.declaration > MarkupGuard.MAX_DECLARATION || code === 0x3c) throw notXlsx();
        if (code === 0x3e /* > */ && this.previous === 0x3f /* ? */) this.declaration = -1;
        this.previous = code;
        continue;
      }
      if (code === 0x3c /* < */) {
        if (this.entity >= 0) throw notXlsx(); // "<" inside an entity reference
        if (keptFrom === -1) keptFrom = index; // the end of a dropped stretch
        this.run = 0;
        this.afterLt = true;
        continue;
      }
      if (++this.run > MarkupGuard.MAX_RUN) {
        if (keptFrom !== -1) {
          kept += chunk.slice(keptFrom, index);
          keptFrom = -1;
        }
        continue;
      }
      if (code === 0x26 /* & */) this.entity = 0;
      else if (code === 0x3b /* ; */) this.entity = -1;
      else if (this.entity >= 0 && ++this.entity > MarkupGuard.MAX_ENTITY) throw notXlsx();
    }
    if (keptFrom === 0) return chunk; // nothing dropped: the common case
    return keptFrom === -1 ? kept : kept + chunk.slice(keptFrom);
  }
}

/** Collects text up to one character beyond a cell's limit, so the limit is seen but no more is held. */
const appendBounded = (held: string, text: string) =>
  held.length > MAX_CELL_CHARS ? held : (held + text).slice(0, MAX_CELL_CHARS + 1);

// ---------------------------------------------------------------------------------------------
// The parts

class WorkbookVisitor implements XmlVisitor {
  /** The relationship id of the first sheet, as the workbook lists them. */
  firstSheetId: string | undefined;

  open(name: string, attributes: Readonly<Record<string, string>>) {
    if (name === 'sheet' && this.firstSheetId === undefined) this.firstSheetId = attributes.id;
  }

  close() {}
}

class RelationshipsVisitor implements XmlVisitor {
  /** Relationship id → the part's name in the zip. */
  readonly byId = new Map<string, string>();
  sharedStringsTarget: string | undefined;

  open(name: string, attributes: Readonly<Record<string, string>>) {
    const { Id: id, Target: target, Type: type = '' } = attributes;
    if (name !== 'Relationship' || !id || !target || attributes.TargetMode === 'External') return;
    // Targets are relative to xl/, or absolute within the package.
    const part = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join('xl', target));
    this.byId.set(id, part);
    if (type.endsWith('/sharedStrings')) this.sharedStringsTarget = part;
  }

  close() {}
}

/** `<si>` strings: rich-text runs concatenated, phonetic guides (`<rPh>`) left out. */
class SharedStringsVisitor implements XmlVisitor {
  readonly strings: string[] = [];
  private current: string | undefined;
  private inText = false;

  constructor(private readonly limits: SheetLimits) {}

  private phonetic = 0;

  open(name: string) {
    if (name === 'si') this.current = '';
    else if (name === 'rPh') this.phonetic++;
    else if (name === 't') this.inText = this.current !== undefined && this.phonetic === 0;
  }

  close(name: string) {
    if (name === 't') this.inText = false;
    else if (name === 'rPh') this.phonetic--;
    else if (name === 'si' && this.current !== undefined) {
      if (this.strings.length === this.limits.maxCells) {
        throw beyondLimit(`El archivo tiene más de ${formatCount(this.limits.maxCells)} textos distintos; copie la hoja del petitorio a un libro nuevo.`);
      }
      this.strings.push(this.current);
      this.current = undefined;
    }
  }

  text(text: string) {
    if (this.inText) this.current = appendBounded(this.current!, text);
  }
}

/** Rows as `<row r>` numbers them, cells as `<c r>` places them; a missing `r` means the next one. */
class WorksheetVisitor implements XmlVisitor {
  /** Rows parsed since they were last taken. */
  private parsed: SheetRow[] = [];
  private rowNumber = 0;
  private column = -1;
  private cells: string[] = [];
  private formulaColumns: number[] = [];
  private numberColumns: number[] = [];
  private cell: { type: string; value: string; formula: string | undefined; inline: string } | undefined;
  private collecting: 'value' | 'formula' | 'inline' | undefined;
  private inInline = false;
  private phonetic = 0;

  readonly rows: BoundedRows;

  constructor(
    private readonly sharedStrings: readonly string[],
    limits: SheetLimits,
  ) {
    this.rows = new BoundedRows(limits);
  }

  takeRows(): SheetRow[] {
    const rows = this.parsed;
    this.parsed = [];
    return rows;
  }

  open(name: string, attributes: Readonly<Record<string, string>>) {
    switch (name) {
      case 'row': {
        this.rowNumber = attributes.r === undefined ? this.rowNumber + 1 : Number(attributes.r);
        if (!Number.isInteger(this.rowNumber) || this.rowNumber < 1) throw notXlsx();
        this.column = -1;
        this.cells = [];
        this.formulaColumns = [];
        this.numberColumns = [];
        break;
      }
      case 'c':
        this.column = attributes.r === undefined ? this.column + 1 : columnOf(attributes.r);
        this.cell = { type: attributes.t ?? 'n', value: '', formula: undefined, inline: '' };
        break;
      case 'v':
        this.collecting = 'value';
        break;
      case 'f':
        this.collecting = 'formula';
        if (this.cell) this.cell.formula = '';
        break;
      case 'is':
        this.inInline = true;
        break;
      case 'rPh':
        this.phonetic++;
        break;
      case 't':
        if (this.inInline && this.phonetic === 0) this.collecting = 'inline';
        break;
    }
  }

  close(name: string) {
    switch (name) {
      case 'v':
      case 'f':
      case 't':
        this.collecting = undefined;
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.phonetic--;
        break;
      case 'c':
        this.finishCell();
        break;
      case 'row': {
        const row = this.rows.accept(this.rowNumber, this.cells, this.formulaColumns, this.numberColumns);
        if (row) this.parsed.push(row);
        break;
      }
    }
  }

  text(text: string) {
    const { cell, collecting } = this;
    if (!cell || !collecting) return;
    if (collecting === 'formula') cell.formula = appendBounded(cell.formula ?? '', text);
    else cell[collecting] = appendBounded(cell[collecting], text);
  }

  private finishCell() {
    const { cell, column } = this;
    if (!cell) return;
    this.cell = undefined;
    const formula = cell.formula !== undefined;
    const value = formula ? cell.formula || cell.value : this.valueOf(cell);
    if (value === '' && !formula) return;
    if (column >= MAX_COLUMNS) throw tooManyColumns({ rowNumber: this.rowNumber, column });
    this.cells[column] = value;
    if (formula) this.formulaColumns.push(column);
    else if (cell.type === 'n') this.numberColumns.push(column);
  }

  private valueOf({ type, value, inline }: { type: string; value: string; inline: string }): string {
    switch (type) {
      case 's': {
        if (value === '') return '';
        const text = this.sharedStrings[Number(value)];
        if (text === undefined) throw notXlsx();
        return text;
      }
      case 'inlineStr':
        return inline;
      case 'b':
        return value === '' ? '' : value === '1' ? 'TRUE' : 'FALSE';
      default: // n (a number, as stored), str, e (an error such as #N/A), d (an ISO date)
        return value;
    }
  }
}

/** The 0-based column of a cell reference such as B2 (letters up to Excel's last, XFD). */
function columnOf(reference: string): number {
  const letters = /^([A-Z]{1,3})\d*$/i.exec(reference)?.[1];
  if (!letters) throw notXlsx();
  return [...letters.toUpperCase()].reduce((column, letter) => column * 26 + letter.charCodeAt(0) - 64, 0) - 1;
}
