// Field errors of a form, from two sources with one shape: the shared zod schemas (checked in the
// browser before sending) and the server's problem details (`errors: [{ field, message }]`).
import type { z } from 'zod';
import type { ProblemDetails } from '../../../../shared/api.ts';

/** First message per field (top-level key); '' holds errors of the whole form. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Plainer wording for the generic length messages of the Spanish locale ("Demasiado pequeño: se
 * esperaba que texto tuviera >=1 caracteres"). Passed per parse, so a message a schema states
 * itself ("La contraseña debe tener al menos 12 caracteres") still wins.
 */
export function friendlyIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string') {
    const minimum = Number(issue.minimum);
    return minimum <= 1 || issue.input === '' ? 'Complete este campo' : `Debe tener al menos ${minimum} caracteres`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `Debe tener como máximo ${Number(issue.maximum)} caracteres`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Complete este campo';
  return undefined;
}

export type ParseResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** Parses form values with a shared schema; on failure, one message per field. */
export function parseForm<S extends z.ZodType>(schema: S, values: unknown): ParseResult<z.output<S>> {
  const result = schema.safeParse(values, { error: friendlyIssueMessage });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrorsFromIssues(result.error.issues) };
}

export function fieldErrorsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : '';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** The server's field errors ("roles.0" counts for "roles"), for the fields this form shows. */
export function fieldErrorsFromProblem(problem: ProblemDetails, fields: readonly string[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const error of problem.errors ?? []) {
    const field = error.field.split(/[.[]/)[0] ?? '';
    if (fields.includes(field)) errors[field] ??= error.message;
  }
  return errors;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.values(errors).some((message) => message !== undefined);
}
