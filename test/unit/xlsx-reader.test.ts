// The bounded XLSX reader on files real programs write and on files built to hurt it.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../server/platform/http/problem.ts';
import { readXlsx as readXlsxFile } from '../../server/platform/spreadsheet/xlsx-reader.ts';
import { readWhole } from '../support/sheet-files.ts';
import { inlineRow, xlsx, zip } from '../support/xlsx-builder.ts';

const readXlsx = (data: Buffer) => readWhole(readXlsxFile, data);

const refusal = async (file: Buffer) => {
  const error = await readXlsx(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  expect((error as HttpProblem).status).toBe(422);
  return (error as HttpProblem).detail!;
};

const sheetOf = (xml: string) => xlsx({ sheetData: inlineRow(['Código', 'Nombre'], 1) + xml });

describe('reading what spreadsheet programs write', () => {
  it('when exceljs writes rich text, numbers, booleans and formulas with shared strings, then each cell reads as its text', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Primera').addRows([
      ['Código', 'Nombre', 'Cantidad', 'Activo', 'Total'],
      ['10100004', { richText: [{ text: 'Ácido ', font: { bold: true } }, { text: 'fólico' }] }, 10100004, true, { formula: 'C2*2', result: 20200008 }],
      ['A-2', 'Paracetamol', 0.1, false, { formula: 'CONCAT("a","b")', result: 'ab' }],
    ]);
    workbook.addWorksheet('Segunda').addRow(['otra hoja']);
    const sheet = await readXlsx(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(sheet.headers).toEqual(['Código', 'Nombre', 'Cantidad', 'Activo', 'Total']);
    expect(sheet.rows).toEqual([
      { rowNumber: 2, cells: ['10100004', 'Ácido fólico', '10100004', 'TRUE', 'C2*2'], formulaColumns: [4], numberColumns: [2] },
      { rowNumber: 3, cells: ['A-2', 'Paracetamol', '0.1', 'FALSE', 'CONCAT("a","b")'], formulaColumns: [4], numberColumns: [2] },
    ]);
  });

  it('when exceljs streams without shared strings, then inline rich text and plain string cells read', async () => {
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough().on('data', (chunk: Buffer) => chunks.push(chunk));
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
    const worksheet = writer.addWorksheet('Hoja');
    worksheet.addRow(['Código', 'Nombre']).commit();
    worksheet.addRow(['B-1', { richText: [{ text: 'Amoxi' }, { text: 'cilina', font: { italic: true } }] }]).commit();
    worksheet.addRow(['B-2', 'Ibuprofeno']).commit();
    await writer.commit();
    const sheet = await readXlsx(Buffer.concat(chunks));
    expect(sheet.rows.map((row) => row.cells)).toEqual([
      ['B-1', 'Amoxicilina'],
      ['B-2', 'Ibuprofeno'],
    ]);
  });

  it('when cells have no r, names carry a prefix, part names differ in case and strings have runs and phonetic guides, then they read as Excel shows them', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const file = xlsx({ sheetData: '', sharedStrings: [] });
    // The same workbook, with the sheet and the strings rewritten in the x: prefix style.
    const sheetXml =
      `<x:worksheet xmlns:x="${main}"><x:sheetData>` +
      '<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Nombre</x:t></x:is></x:c></x:row>' +
      '<x:row r="4"><x:c t="s"><x:v>1</x:v></x:c><x:c r="D4"><x:v>007</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>' +
      '</x:sheetData></x:worksheet>';
    const stringsXml =
      `<x:sst xmlns:x="${main}"><x:si><x:t>Código</x:t></x:si>` +
      '<x:si><x:r><x:t xml:space="preserve">Ácido </x:t></x:r><x:r><x:t>fólico</x:t></x:r><x:rPh sb="0" eb="1"><x:t>アシド</x:t></x:rPh></x:si></x:sst>';
    const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const relsXml =
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${relationships}/worksheet" Target="/XL/Worksheets/Sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${relationships}/sharedStrings" Target="SharedStrings.xml"/></Relationships>`;
    const replaced = await rewriteParts(file, {
      'xl/worksheets/sheet1.xml': sheetXml,
      'xl/sharedStrings.xml': stringsXml,
      'xl/_rels/workbook.xml.rels': relsXml,
    });
    const sheet = await readXlsx(replaced);
    expect(sheet.headers).toEqual(['Código', 'Nombre']);
    expect(sheet.rows).toEqual([{ rowNumber: 4, cells: ['Ácido fólico', '', '', '007', '#N/A'], formulaColumns: [], numberColumns: [3] }]);
  });

  it('when entities fall across the chunks the zip inflates in, then every string reads whole', async () => {
    const strings = Array.from({ length: 100 }, (_, index) => `${index}:${'x&<'.repeat(300)}`);
    const rows = strings.map((_, index) => `<row r="${index + 2}"><c r="A${index + 2}" t="s"><v>${index}</v></c></row>`);
    const sheet = await readXlsx(xlsx({ sheetData: inlineRow(['Código'], 1) + rows.join(''), sharedStrings: strings }));
    expect(sheet.rows.map((row) => row.cells[0])).toEqual(strings);
  });

  it('when rows hold only empty cells, then they are skipped and the others keep their numbers', async () => {
    const sheet = await readXlsx(sheetOf('<row r="2"><c r="A2" s="3"/></row>' + inlineRow(['X', 'y'], 3) + '<row r="9"/>'));
    expect(sheet.rows.map((row) => row.rowNumber)).toEqual([3]);
  });

  it('when a cell beyond column 64 is empty, then it is ignored; when it holds data, then the file is refused', async () => {
    const empty = await readXlsx(sheetOf('<row r="2"><c r="A2" t="inlineStr"><is><t>X</t></is></c><c r="XFD2" s="1"/></row>'));
    expect(empty.rows[0]!.cells).toEqual(['X']);
    expect(await refusal(sheetOf('<row r="2"><c r="BM2"><v>1</v></c></row>'))).toMatch(/más de 64 columnas.*fila 2.*columna BM/);
  });
});

describe('refusing hostile XLSX', () => {
  it('when a shared string is longer than any run the reader buffers, then it is cut while read, and refused only where a cell uses it', async () => {
    const long = 'A'.repeat(1024 * 1024);
    const unused = await readXlsx(xlsx({ sheetData: inlineRow(['Código'], 1) + inlineRow(['X'], 2), sharedStrings: ['x', long] }));
    expect(unused.rows).toHaveLength(1);
    const used = xlsx({ sheetData: inlineRow(['Código'], 1) + '<row r="2"><c r="A2" t="s"><v>1</v></c></row>', sharedStrings: ['x', long] });
    expect(await refusal(used)).toMatch(/una celda de más de 2,000 caracteres \(A2\)/);
  });

  it.each([
    ['a DTD with entities', '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>'],
    ['a comment', '<!-- nota -->'],
    ['a processing instruction', '<?php echo 1; ?>'],
  ])('when the sheet XML holds %s, then the file is refused as unreadable', async (_case, markup) => {
    const file = await rewriteParts(sheetOf(''), {
      'xl/worksheets/sheet1.xml': `<?xml version="1.0"?>${markup}<worksheet><sheetData/></worksheet>`,
    });
    expect(await refusal(file)).toMatch(/No se pudo leer/);
  });

  it('when text sits in CDATA, then the file is refused as unreadable', async () => {
    expect(await refusal(sheetOf('<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>'))).toMatch(/No se pudo leer/);
  });

  it('when elements nest thousands deep or a tag has thousands of attributes, then the file is refused as unreadable', async () => {
    expect(await refusal(sheetOf(`${'<a>'.repeat(5_000)}${'</a>'.repeat(5_000)}`))).toMatch(/No se pudo leer/);
    const attributes = Array.from({ length: 5_000 }, (_, index) => `a${index}="1"`).join(' ');
    expect(await refusal(sheetOf(`<row r="2" ${attributes}/>`))).toMatch(/No se pudo leer/);
  });

  it('when an entity reference never closes, then the file is refused as unreadable', async () => {
    expect(await refusal(sheetOf(`<row r="2"><c r="A2" t="inlineStr"><is><t>&amp${'x'.repeat(100)}</t></is></c></row>`))).toMatch(
      /No se pudo leer/,
    );
  });

  it('when a cell points at a shared string that does not exist, then the file is refused as unreadable', async () => {
    const file = xlsx({ sheetData: inlineRow(['Código'], 1) + '<row r="2"><c r="A2" t="s"><v>7</v></c></row>', sharedStrings: ['x'] });
    expect(await refusal(file)).toMatch(/No se pudo leer/);
  });

  it('when the zip is not a workbook or is cut short, then the file is refused as unreadable', async () => {
    expect(await refusal(zip([{ name: 'word/document.xml', data: '<w/>' }]))).toMatch(/No se pudo leer/);
    const whole = sheetOf(inlineRow(['X', 'y'], 2));
    expect(await refusal(whole.subarray(0, whole.length - 30))).toMatch(/No se pudo leer/);
  });
});

/** The same zip with some parts' contents replaced (read back through the reader's own library). */
async function rewriteParts(file: Buffer, parts: Record<string, string>): Promise<Buffer> {
  const yauzl = (await import('yauzl')).default;
  const archive = await yauzl.fromBufferPromise(file);
  const entries: { name: string; data: Buffer | string }[] = [];
  for await (const entry of archive.eachEntry()) {
    const stream = await archive.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    entries.push({ name: entry.fileName, data: parts[entry.fileName] ?? Buffer.concat(chunks) });
  }
  archive.close();
  return zip(entries);
}
