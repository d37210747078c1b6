import type { RequestHandler } from 'express';
import type { z } from 'zod';
import type { FieldError } from './problem.ts';
import { ValidationProblem } from './problem.ts';

const NUL = '\u0000';
const NUL_MESSAGE = 'No puede contener el carácter nulo (U+0000).';

/**
 * The paths ("mapping.x", "roles.0") of every string, or object key, holding U+0000, which
 * PostgreSQL refuses in text and JSON. Iterative, so a deeply nested body cannot overflow the stack.
 */
function nulPaths(value: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let index = 0; index < pending.length; index += 1) {
    const { value: current, path } = pending[index]!;
    if (typeof current === 'string') {
      if (current.includes(NUL)) found.push(path.join('.'));
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes(NUL)) found.push([...path, key].join('.'));
        else pending.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found;
}

/** Refuses U+0000 anywhere in one part of a request with a 400 naming each field. */
export function refuseNul(value: unknown, part: FieldError['in']): void {
  const paths = nulPaths(value);
  if (paths.length === 0) return;
  throw new ValidationProblem(paths.map((path) => ({ field: path || '(raíz)', in: part, message: NUL_MESSAGE })));
}

/** Every route's params, query and JSON body, before its handler runs (see http/routes.ts). */
export const refuseNulInput: RequestHandler = (req, _res, next) => {
  refuseNul(req.params, 'path');
  refuseNul(req.query, 'query');
  refuseNul(req.body, 'body');
  next();
};

/**
 * Parses one part of a request with a shared schema; a mistake becomes a 400 naming the field.
 * What the schema decodes (a JSON text field, say) is checked for U+0000 too.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: FieldError['in']): z.output<S> {
  refuseNul(value, part);
  const result = schema.safeParse(value);
  if (result.success) {
    refuseNul(result.data, part);
    return result.data;
  }
  throw new ValidationProblem(
    result.error.issues.flatMap((issue): FieldError[] => {
      if (issue.code === 'unrecognized_keys') {
        const noun = part === 'body' ? 'Campo' : 'Parámetro';
        return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), in: part, message: `${noun} desconocido: ${key}` }));
      }
      return [{ field: issue.path.join('.') || '(raíz)', in: part, message: issue.message }];
    }),
  );
}
