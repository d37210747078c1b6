import type { ErrorRequestHandler, RequestHandler } from 'express';
import { databaseProblemOf } from './database-errors.ts';
import { HttpProblem } from './problem.ts';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Express's own errors (a malformed JSON body, a body too large…) carry a 4xx status. */
function clientErrorOf(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ((error as Error).name === 'MulterError') {
    const { code, field } = error as { code: string; field?: string };
    return code === 'LIMIT_FILE_SIZE'
      ? new HttpProblem(413, '/problems/too-large', 'Archivo demasiado grande', 'El archivo excede el tamaño máximo de 20 MB.', [
          { field: field ?? 'file', in: 'body', message: 'Máximo 20 MB' },
        ])
      : new HttpProblem(400, '/problems/invalid-upload', 'Envío de archivo no válido', `Revise el formulario (${code}).`, [
          { field: field ?? 'file', in: 'body', message: code },
        ]);
  }
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  if (type === 'entity.parse.failed') {
    return new HttpProblem(400, '/problems/invalid-json', 'JSON no válido', 'El cuerpo de la solicitud no es JSON válido.', [
      { field: '(cuerpo)', in: 'body', message: 'JSON no válido' },
    ]);
  }
  if (type === 'entity.too.large') {
    return new HttpProblem(413, '/problems/too-large', 'Solicitud demasiado grande', 'El cuerpo de la solicitud excede el límite.');
  }
  return new HttpProblem(status, '/problems/bad-request', 'Solicitud no válida');
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new HttpProblem(404, '/problems/not-found', 'No encontrado', `No existe la ruta ${req.method} ${req.originalUrl.split('?')[0]}.`);
};

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  let problem = error instanceof HttpProblem ? error : (clientErrorOf(error) ?? databaseProblemOf(error, req.body));
  if (!problem) {
    console.error(`${req.method} ${req.originalUrl} failed:`, error);
    problem = new HttpProblem(500, '/problems/internal', 'Error interno', 'Ocurrió un error inesperado en el servidor.');
  }
  if (problem.headers) res.set(problem.headers);
  res.status(problem.status).type(PROBLEM_TYPE).send(JSON.stringify(problem.toJSON(req.originalUrl)));
};
