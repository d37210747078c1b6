// Spreadsheet files on disk, as the readers and the import pipeline take them: a buffer written to
// a temporary file of its own.
import { createHash, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UploadedFile } from '../../server/platform/import/file-upload.ts';
import type { SheetRow } from '../../server/platform/spreadsheet/spreadsheet.ts';

/** The buffer as an upload on disk; `remove` deletes it. */
export function uploadedFile(data: Buffer, name: string): UploadedFile & { remove(): void } {
  const path = join(tmpdir(), `abastece-sheet-${randomUUID()}`);
  writeFileSync(path, data);
  return { path, name, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), remove: () => rmSync(path, { force: true }) };
}

/** Every row a reader gives for the buffer: the header and the data rows. */
export async function readWhole(read: (path: string) => AsyncIterable<SheetRow>, data: Buffer): Promise<{ headers: string[]; rows: SheetRow[] }> {
  const file = uploadedFile(data, 'hoja');
  try {
    const rows: SheetRow[] = [];
    for await (const row of read(file.path)) rows.push(row);
    return { headers: rows[0]!.cells, rows: rows.slice(1) };
  } finally {
    file.remove();
  }
}
