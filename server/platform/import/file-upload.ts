// An import's upload, streamed by busboy to a temporary file as it arrives (never whole in memory),
// its size limit enforced and its SHA-256 computed on the way; the import then reads the file from
// disk (an XLSX needs random access). The file is removed once the import is over, whatever the
// outcome: answered, refused, or the client gone. Temporary files go to the system's (TMPDIR).
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Request } from 'express';
import { problemTypes } from '../../../shared/problem-types.ts';
import { HttpProblem, ValidationProblem } from '../http/problem.ts';

export interface UploadedFile {
  /** Where the upload is on disk, until the import is over. */
  path: string;
  /** As the client named it. */
  name: string;
  size: number;
  /** Of the content, hex. */
  sha256: string;
}

export interface Upload {
  file: UploadedFile;
  /** The form's text fields. */
  fields: Record<string, string>;
}

export interface UploadLimits {
  /** The form field that carries the file. */
  fileField: string;
  maxBytes: number;
  maxFields: number;
}

/** Temporary files of uploads start so (in the system's temporary directory). */
export const UPLOAD_FILE_PREFIX = 'abastece-upload-';

const invalidUpload = (message: string, field = 'file') =>
  new HttpProblem(400, problemTypes.invalidUpload, 'Envío de archivo no válido', message, [{ field, in: 'body', message }]);

const fileRequired = (field: string) => new ValidationProblem([{ field, in: 'body', message: `Adjunte el archivo (campo «${field}»).` }]);

const malformed = () =>
  invalidUpload('El formulario llegó incompleto o mal formado; vuelva a elegir el archivo y envíelo de nuevo.');

const tooLarge = (maxBytes: number) =>
  new HttpProblem(413, problemTypes.tooLarge, 'Archivo demasiado grande', `El archivo excede el tamaño máximo de ${maxBytes / 1024 / 1024} MB.`, [
    { field: 'file', in: 'body', message: `Máximo ${maxBytes / 1024 / 1024} MB` },
  ]);

/** Receives the upload, gives it to `use`, and removes its file afterwards in every outcome. */
export async function withUpload<T>(req: Request, limits: UploadLimits, use: (upload: Upload) => Promise<T>): Promise<T> {
  const path = join(tmpdir(), `${UPLOAD_FILE_PREFIX}${randomUUID()}`);
  try {
    return await use(await receive(req, path, limits));
  } finally {
    await rm(path, { force: true });
  }
}

/**
 * Settles once the whole form is read and the file written and closed, or once it is refused and
 * the file closed (so that removing it afterwards cannot race its creation). After a refusal the
 * rest of the body is read and dropped, so the answer reaches the client.
 */
function receive(req: Request, path: string, { fileField, maxBytes, maxFields }: UploadLimits): Promise<Upload> {
  return new Promise((resolve, reject) => {
    if (!req.is('multipart/form-data')) {
      reject(fileRequired(fileField));
      return;
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: maxBytes, files: 1, fields: maxFields } });
    } catch {
      req.resume();
      reject(malformed());
      return;
    }

    const fields: Record<string, string> = {};
    let fileStream: Readable | undefined;
    /** The file's write: settles once the file is closed. */
    let written: Promise<UploadedFile> | undefined;
    let settled = false;

    const fail = (problem: Error) => {
      if (settled) return;
      settled = true;
      req.unpipe(parser);
      req.resume();
      fileStream?.destroy();
      (written ?? Promise.resolve()).then(
        () => reject(problem),
        () => reject(problem),
      );
    };

    parser.on('file', (name, stream, info) => {
      // Parts busboy had already buffered may still arrive after a refusal: they are not written.
      if (settled) {
        stream.resume();
        return;
      }
      if (name !== fileField) {
        stream.resume();
        fail(invalidUpload(`Envíe el archivo en el campo «${fileField}».`, name));
        return;
      }
      fileStream = stream;
      stream.once('limit', () => fail(tooLarge(maxBytes)));
      const hash = createHash('sha256');
      let size = 0;
      const sink = createWriteStream(path, { flags: 'wx', mode: 0o600 });
      const closed = new Promise<void>((resolveClosed) => sink.once('close', () => resolveClosed()));
      // The disk failing is the server's problem; the part breaking off, the client's.
      let diskError: Error | undefined;
      sink.once('error', (error) => (diskError = error));
      written = pipeline(
        stream,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        sink,
      )
        .finally(() => closed)
        .then(() => ({ path, name: info.filename ?? '', size, sha256: hash.digest('hex') }));
      written.catch(() => fail(diskError ?? malformed()));
    });
    parser.on('field', (name, value, info) => {
      if (info.nameTruncated) fail(invalidUpload('El nombre de un campo del formulario es demasiado largo.', name));
      else if (info.valueTruncated) fail(invalidUpload('Un campo del formulario es demasiado largo.', name));
      else fields[name] = value;
    });
    parser.on('filesLimit', () => fail(invalidUpload('Envíe un solo archivo.')));
    parser.on('fieldsLimit', () => fail(invalidUpload('El formulario tiene demasiados campos.')));
    parser.on('error', () => fail(malformed()));
    parser.on('close', () => {
      if (settled) return;
      if (!written) {
        fail(fileRequired(fileField));
        return;
      }
      void written.then(
        (file) => {
          if (settled) return;
          settled = true;
          resolve({ file, fields });
        },
        fail,
      );
    });
    // The client gone before the whole body arrived (nobody reads the answer; the file goes).
    req.once('close', () => {
      if (!req.complete) fail(malformed());
    });
    req.on('error', () => fail(malformed()));
    req.pipe(parser);
  });
}
