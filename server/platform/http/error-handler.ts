import type { ErrorRequestHandler, RequestHandler } from 'express';
import { databaseProblemOf } from './database-errors.ts';
import { HttpProblem } from './problem.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Express's own errors (a malformed JSON body, a body too large…) carry a 4xx status. */
function clientErrorOf(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const upload = uploadProblemOf(error as Error);
  if (upload) return upload;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === 'entity.parse.failed') {
    return new HttpProblem(400, problemTypes.invalidJson, 'JSON no válido', 'El cuerpo de la solicitud no es JSON válido.', [
      { field: '(cuerpo)', in: 'body', message: 'JSON no válido' },
    ]);
  }
  if (type === 'entity.too.large') {
    return new HttpProblem(413, problemTypes.tooLarge, 'Solicitud demasiado grande', 'El cuerpo de la solicitud excede el límite.');
  }
  return new HttpProblem(status, problemTypes.badRequest, 'Solicitud no válida');
}

/** What each of multer's refusals means for the person sending the form. */
const multerMessages: Record<string, string> = {
  LIMIT_PART_COUNT: 'El formulario tiene demasiadas partes.',
  LIMIT_FILE_COUNT: 'Envíe un solo archivo.',
  LIMIT_FIELD_KEY: 'El nombre de un campo del formulario es demasiado largo.',
  LIMIT_FIELD_VALUE: 'Un campo del formulario es demasiado largo.',
  LIMIT_FIELD_COUNT: 'El formulario tiene demasiados campos.',
  LIMIT_UNEXPECTED_FILE: 'Envíe el archivo en el campo «file».',
  MISSING_FIELD_NAME: 'Un campo del formulario no tiene nombre.',
  LIMIT_FIELD_NESTING: 'El nombre de un campo del formulario no es válido.',
  LIMIT_FIELD_ARRAY_INDEX: 'El nombre de un campo del formulario no es válido.',
  INVALID_FIELD_NAME: 'El nombre de un campo del formulario no es válido.',
};

/**
 * busboy's errors (under multer) for a multipart body it cannot read carry no status or code,
 * only these messages; multer's own add "Request aborted/closed" when the client goes away.
 */
const UNREADABLE_MULTIPART =
  /^(Multipart: Boundary not found|Malformed part header|Unexpected end of (form|file)|Malformed content type|Missing Content-Type|Unsupported content type|Request (aborted|closed))/;

/** An upload multer refused or busboy could not read: the client's mistake, about the field `file`. */
function uploadProblemOf(error: Error): HttpProblem | undefined {
  if (error.name === 'MulterError') {
    const { code, field } = error as Error & { code: string; field?: string };
    if (code === 'LIMIT_FILE_SIZE') {
      return new HttpProblem(413, problemTypes.tooLarge, 'Archivo demasiado grande', 'El archivo excede el tamaño máximo de 20 MB.', [
        { field: field ?? 'file', in: 'body', message: 'Máximo 20 MB' },
      ]);
    }
    const message = multerMessages[code] ?? 'Revise el formulario y vuelva a enviar el archivo.';
    return new HttpProblem(400, problemTypes.invalidUpload, 'Envío de archivo no válido', message, [
      { field: field ?? 'file', in: 'body', message },
    ]);
  }
  if (typeof error.message === 'string' && UNREADABLE_MULTIPART.test(error.message) && !('status' in error)) {
    const message = 'El formulario llegó incompleto o mal formado; vuelva a elegir el archivo y envíelo de nuevo.';
    return new HttpProblem(400, problemTypes.invalidUpload, 'Envío de archivo no válido', message, [{ field: 'file', in: 'body', message }]);
  }
  return undefined;
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new HttpProblem(404, problemTypes.notFound, 'No encontrado', `No existe la ruta ${req.method} ${req.originalUrl.split('?')[0]}.`);
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let problem = error instanceof HttpProblem ? error : (clientErrorOf(error) ?? databaseProblemOf(error, req.body));
  if (!problem) {
    console.error(`${req.method} ${req.originalUrl} failed:`, error);
    problem = new HttpProblem(500, problemTypes.internal, 'Error interno', 'Ocurrió un error inesperado en el servidor.');
  }
  if (problem.headers) res.set(problem.headers);
  res.status(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem.toJSON(req.originalUrl)));
};
