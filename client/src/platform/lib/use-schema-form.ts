// The one way forms are built: react-hook-form checking the values with the shared zod schema the
// server parses them with (Spanish messages, zod's jitless config honoured: the resolver calls the
// schema's own parse), the first wrong field focused; the server's own field errors land beside
// their field, anything else in the form's summary (errors.root.server, see FormSummary).
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { ProblemDetails } from '../../../../shared/api.ts';
import { ApiError, problemSummary, toProblem } from '../api/api-client.ts';

/**
 * Plainer wording for the generic length messages of the Spanish locale ("Demasiado pequeño: se
 * esperaba que texto tuviera >=1 caracteres"). Passed per parse, so a message a schema states
 * itself ("La contraseña debe tener al menos 12 caracteres") still wins.
 */
function friendlyIssueMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'too_small' && issue.origin === 'string') {
    const minimum = Number(issue.minimum);
    return minimum <= 1 || issue.input === '' ? 'Complete este campo' : `Debe tener al menos ${minimum} caracteres`;
  }
  if (issue.code === 'too_big' && issue.origin === 'string') {
    return `Debe tener como máximo ${Number(issue.maximum)} caracteres`;
  }
  if (issue.code === 'too_small' && issue.origin === 'number') return `Debe ser como mínimo ${Number(issue.minimum)}`;
  if (issue.code === 'too_big' && issue.origin === 'number') return `Debe ser como máximo ${Number(issue.maximum)}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'Complete este campo';
  return undefined;
}

type SchemaForm<TValues extends FieldValues, TOutput> = UseFormReturn<TValues, unknown, TOutput>;

export interface SchemaFormOptions<TValues extends FieldValues, TSchema extends z.ZodType> {
  schema: TSchema;
  defaultValues: DefaultValues<TValues>;
  /**
   * What the schema is given, from what the form holds: only the fields that changed, an empty
   * select as undefined. Field errors keep their path, so they land on the form's fields.
   */
  toInput?: (values: TValues) => unknown;
  /** A field that repeats another (a new password typed twice): once the other is valid, they must match. */
  repeats?: { field: Path<TValues>; of: Path<TValues>; message: string };
}

export function useSchemaForm<TValues extends FieldValues, TSchema extends z.ZodType>({
  schema,
  defaultValues,
  toInput,
  repeats,
}: SchemaFormOptions<TValues, TSchema>): SchemaForm<TValues, z.output<TSchema>> {
  type Result = Awaited<ReturnType<Resolver<TValues, unknown, z.output<TSchema>>>>;
  const resolve = zodResolver(schema as z.ZodType<unknown, FieldValues>, { error: friendlyIssueMessage });
  const resolver: Resolver<TValues, unknown, z.output<TSchema>> = async (values, context, options) => {
    const input = (toInput ? toInput(values) : values) as FieldValues;
    const result = (await resolve(input, context, options as never)) as unknown as Result;
    if (!repeats || values[repeats.of] === values[repeats.field] || repeats.of in result.errors) return result;
    return {
      values: {},
      errors: { ...result.errors, [repeats.field]: { type: 'repeats', message: repeats.message } },
    } as Result;
  };
  return useForm<TValues, unknown, z.output<TSchema>>({ defaultValues, resolver, shouldFocusError: true });
}

type ErrorTarget<TValues extends FieldValues> = Pick<UseFormReturn<TValues>, 'setError'>;

/**
 * The server's field errors for the fields of this form ("roles.0" counts for "roles"), put on
 * them in the form's order, the first one focused. Returns how many fields got one.
 */
export function setServerFieldErrors<TValues extends FieldValues>(
  form: ErrorTarget<TValues>,
  problem: ProblemDetails,
  fields: readonly Path<TValues>[],
): number {
  const messages = new Map<string, string>();
  for (const error of problem.errors ?? []) {
    const field = error.field.split(/[.[]/)[0] ?? '';
    if (!messages.has(field)) messages.set(field, error.message);
  }
  const placed = fields.filter((field) => messages.has(field));
  placed.forEach((field, index) =>
    form.setError(field, { type: 'server', message: messages.get(field) }, { shouldFocus: index === 0 }),
  );
  return placed.length;
}

/** The form's summary: a message about the whole form, cleared by the next submission. */
export function setFormSummary<TValues extends FieldValues>(form: ErrorTarget<TValues>, message: string): void {
  form.setError('root.server', { type: 'server', message });
}

/** A refused request: its field errors beside their fields, or else the whole problem in the summary. */
export function showRequestError<TValues extends FieldValues>(
  form: ErrorTarget<TValues>,
  error: unknown,
  fields: readonly Path<TValues>[],
): void {
  const problem = toProblem(error);
  if (error instanceof ApiError && setServerFieldErrors(form, problem, fields) > 0) return;
  setFormSummary(form, problemSummary(problem));
}
