import type { ErrorRequestHandler, RequestHandler } from 'express';
import { databaseProblemOf } from './database-errors.ts';
import { HttpProblem } from './problem.ts';
import { problemTypes } from '../../../shared/problem-types.ts';

const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** Express's own errors (a malformed JSON body, a body too large…) carry a 4xx status. */
function clientErrorOf(error: unknown): HttpProblem | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
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
