// A download as a spreadsheet, CSV or XLSX, as the client asks (?format=csv|xlsx).
import type { Response } from 'express';
import { z } from 'zod';
import { writeXlsx } from '../spreadsheet/spreadsheet.ts';
import { sendCsv } from './csv.ts';

export const sheetFormatSchema = z.enum(['csv', 'xlsx']).default('csv');

export async function sendSheet(res: Response, format: 'csv' | 'xlsx', name: string, headers: string[], rows: string[][]) {
  if (format === 'xlsx') {
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.xlsx"`);
    res.send(await writeXlsx(name, headers, rows));
    return;
  }
  await sendCsv(res, `${name}.csv`, headers, (async function* () {
    yield* rows;
  })());
}
