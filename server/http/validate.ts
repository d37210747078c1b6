import type { z } from 'zod';
import type { FieldError } from './problem.ts';
import { ValidationProblem } from './problem.ts';

/** Parses one part of a request with a shared schema; a mistake becomes a 400 naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: FieldError['in']): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ValidationProblem(
    result.error.issues.flatMap((issue): FieldError[] => {
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ field: key, in: part, message: `Parámetro desconocido: ${key}` }));
      }
      return [{ field: issue.path.join('.') || '(raíz)', in: part, message: issue.message }];
    }),
  );
}
