// Hand-made XLSX files for tests and benchmarks: a minimal workbook around raw sheet XML, and a zip
// writer whose headers can lie about sizes, so hostile files can be built in a few kilobytes.
import { crc32, deflateRawSync } from 'node:zlib';
import { columnLetters } from '../../server/platform/spreadsheet/sheet-builder.ts';

export interface ZipEntry {
  name: string;
  data: Buffer | string;
  /** The uncompressed size the headers declare (default: the true one). */
  declaredSize?: number;
}

/** An entry already deflated elsewhere (a stream too large to hold inflated). */
export interface DeflatedZipEntry {
  name: string;
  deflated: Buffer;
  crc: number;
  declaredSize: number;
}

export function zip(entries: readonly (ZipEntry | DeflatedZipEntry)[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    let deflated: Buffer, crc: number, size: number;
    if ('deflated' in entry) {
      ({ deflated, crc, declaredSize: size } = entry);
    } else {
      const data = Buffer.from(entry.data);
      deflated = deflateRawSync(data);
      crc = crc32(data);
      size = entry.declaredSize ?? data.length;
    }
    const fields = (header: Buffer, at: number) => {
      header.writeUInt16LE(20, at); // version needed
      header.writeUInt16LE(0x0800, at + 2); // UTF-8 names
      header.writeUInt16LE(8, at + 4); // deflate
      header.writeUInt32LE(0, at + 6); // time and date
      header.writeUInt32LE(crc, at + 10);
      header.writeUInt32LE(deflated.length, at + 14);
      header.writeUInt32LE(size, at + 18);
      header.writeUInt16LE(name.length, at + 22);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    fields(local, 4);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // version made by
    fields(central, 6);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, deflated);
    centrals.push(central, name);
    offset += local.length + name.length + deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRels = 'http://schemas.openxmlformats.org/package/2006/relationships';

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** `<c>` holding an inline string (no `r`: the next column). */
export const inlineCell = (text: string, ref?: string) =>
  `<c${ref ? ` r="${ref}"` : ''} t="inlineStr"><is><t>${escapeXml(text)}</t></is></c>`;

/** A row of inline strings; with a row number, every cell carries its reference too. */
export const inlineRow = (cells: readonly string[], rowNumber?: number) =>
  `<row${rowNumber ? ` r="${rowNumber}"` : ''}>` +
  cells.map((cell, column) => inlineCell(cell, rowNumber ? `${columnLetters(column)}${rowNumber}` : undefined)).join('') +
  '</row>';

export const sharedStringsXml = (strings: readonly string[]) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
  `<sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">` +
  strings.map((text) => `<si><t>${escapeXml(text)}</t></si>`).join('') +
  '</sst>';

export const SHEET_PART = 'xl/worksheets/sheet1.xml';
export const SHARED_STRINGS_PART = 'xl/sharedStrings.xml';
export const sheetXml = (sheetData: string) => `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>${sheetData}</sheetData></worksheet>`;

/** Every part of the smallest workbook Excel opens except the sheet and the shared strings. */
export function workbookParts(withSharedStrings: boolean): ZipEntry[] {
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        `<Override PartName="/${SHEET_PART}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
        (withSharedStrings
          ? `<Override PartName="/${SHARED_STRINGS_PART}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
          : '') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${packageRels}"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${relationships}"><sheets><sheet name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${packageRels}">` +
        `<Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/>` +
        (withSharedStrings ? `<Relationship Id="rId2" Type="${relationships}/sharedStrings" Target="sharedStrings.xml"/>` : '') +
        '</Relationships>',
    },
  ];
}

export interface XlsxParts {
  /** What goes inside `<sheetData>`. */
  sheetData: string;
  sharedStrings?: readonly string[];
  /** Size the sheet's headers declare, to forge a lie. */
  sheetDeclaredSize?: number;
  extraEntries?: readonly ZipEntry[];
}

/** The smallest workbook Excel opens: one sheet, optionally shared strings. */
export function xlsx({ sheetData, sharedStrings, sheetDeclaredSize, extraEntries = [] }: XlsxParts): Buffer {
  return zip([
    ...workbookParts(sharedStrings !== undefined),
    { name: SHEET_PART, data: sheetXml(sheetData), declaredSize: sheetDeclaredSize },
    ...(sharedStrings ? [{ name: SHARED_STRINGS_PART, data: sharedStringsXml(sharedStrings) }] : []),
    ...extraEntries,
  ]);
}
