// The CSV reader: the delimiter from the header, row numbers across blank lines, formulas and
// export's neutralised cells, encodings, and records no spreadsheet writes.
import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../server/platform/http/problem.ts';
import { detectDelimiter, readCsv as readCsvFile } from '../../server/platform/spreadsheet/csv-reader.ts';
import { readWhole } from '../support/sheet-files.ts';

const readCsv = (data: Buffer) => readWhole(readCsvFile, data);

const refusal = async (file: Buffer) => {
  const error = await readCsv(file).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HttpProblem);
  expect((error as HttpProblem).status).toBe(422);
  return (error as HttpProblem).detail!;
};

describe('detecting the delimiter', () => {
  it.each([
    ['Código;Denominación;Concentración', ';'],
    ['Código,Denominación,Concentración', ','],
    ['Código\tDenominación\tConcentración', '\t'],
    ['"Código; SAP",Denominación,"Concentración; dosis"', ','],
    ['"Dosis, forma";Código;Nombre\r\n1,5;2,5;3,5', ';'],
    ['\r\n\r\nCódigo;Nombre\r\nA,1;B', ';'],
  ])('when the header is %j, then the delimiter is %j', (text, delimiter) => {
    expect(detectDelimiter(text)).toBe(delimiter);
  });
});

describe('reading a CSV', () => {
  it('when blank lines and rows of bare separators sit between rows, then they are skipped and the rest keep their numbers', async () => {
    const sheet = await readCsv(Buffer.from('a;b\r\nx;1\r\n;\r\n\r\ny;2\r\n;;;\r\n'));
    expect(sheet.headers).toEqual(['a', 'b']);
    expect(sheet.rows.map(({ rowNumber, cells }) => [rowNumber, cells])).toEqual([
      [2, ['x', '1']],
      [5, ['y', '2']],
    ]);
  });

  it('when cells begin with = + - @, then export-neutralised ones are data and the others formulas', async () => {
    const sheet = await readCsv(Buffer.from("a;b;c;d;e;f\r\n'=1+1;=1+1;''@x;-5;-x;'-x\r\n"));
    expect(sheet.rows[0]).toMatchObject({ cells: ['=1+1', '=1+1', "'@x", '-5', '-x', '-x'], formulaColumns: [1, 4], numberColumns: [] });
  });

  it('when the file is Windows-1252, or UTF-8 with a character split across chunks, then every character reads', async () => {
    expect((await readCsv(Buffer.from('Código;Descripción\r\nÑ;ácido', 'latin1'))).rows[0]!.cells).toEqual(['Ñ', 'ácido']);
    // 65,535 bytes before the é: its two bytes fall in two 64 KB chunks.
    const sheet = await readCsv(Buffer.from(`a\r\n${'xxxxxxxx\r\n'.repeat(6_553)}xxéz`, 'utf8'));
    expect(sheet.rows.at(-1)!.cells).toEqual(['xxéz']);
  });

  it('when a record has more fields than Excel has columns, then it is refused before it is built', async () => {
    expect(await refusal(Buffer.from(`a;b\r\n${';'.repeat(20_000)}`))).toMatch(/más de 64 columnas/);
    expect(await refusal(Buffer.from(`a;b\r\n${'"\n";'.repeat(20_000)}`))).toMatch(/más de 64 columnas/);
  });

  it('when a row has data beyond column 64, then it is refused; empty cells beyond it are ignored', async () => {
    expect((await readCsv(Buffer.from(`a;b\r\nx;y${';'.repeat(100)}`))).rows[0]!.cells).toEqual(['x', 'y']);
    expect(await refusal(Buffer.from(`a;b\r\nx;y${';'.repeat(70)}z`))).toMatch(/más de 64 columnas.*fila 2.*columna BT/);
  });

  it('when a cell is longer than 2,000 characters, then the file is refused naming the cell', async () => {
    expect(await refusal(Buffer.from(`a;b\r\nx;${'y'.repeat(2_001)}`))).toMatch(/una celda de más de 2,000 caracteres \(B2\)/);
  });

  it('when quotes do not close or the bytes are binary, then the file is refused in Spanish', async () => {
    expect(await refusal(Buffer.from('a;b\r\n"x;y\r\n'))).toMatch(/comillas no se cierran/);
    expect(await refusal(Buffer.from([0x61, 0x00, 0x62]))).toMatch(/datos binarios/);
  });
});
