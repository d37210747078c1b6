// Every error the API gives is application/problem+json (RFC 9457). Domain code throws these;
// the one error handler in error-handler.ts turns them, and anything else, into responses.
import type { ProblemDetails } from '../../../shared/api.ts';
import { problemTypes, type ProblemType } from '../../../shared/problem-types.ts';

export type FieldError = NonNullable<ProblemDetails['errors']>[number];

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(detail ?? title);
  }

  /** The response body; subclasses may add members (RFC 9457 extensions). */
  toJSON(instance?: string): object {
    return this.details(instance);
  }

  protected details(instance?: string): ProblemDetails {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail === undefined ? {} : { detail: this.detail }),
      ...(instance === undefined ? {} : { instance }),
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

export class ValidationProblem extends HttpProblem {
  constructor(errors: FieldError[]) {
    const fields = [...new Set(errors.map((error) => error.field))].join(', ');
    super(400, problemTypes.invalidRequest, 'Solicitud no válida', `Revise: ${fields}.`, errors);
  }
}

/** A value well formed but not acceptable as things stand (an award naming an unknown RUC without a name): 422. */
export class InvalidValueProblem extends HttpProblem {
  constructor(errors: FieldError[]) {
    super(422, problemTypes.invalidValue, 'Valor no válido', errors.map((error) => error.message).join(' '), errors);
  }
}

export class NotFoundProblem extends HttpProblem {
  constructor(detail: string, field?: FieldError['field']) {
    super(
      404,
      problemTypes.notFound,
      'No encontrado',
      detail,
      field === undefined ? undefined : [{ field, in: 'path', message: detail }],
    );
  }
}

export class ConflictProblem extends HttpProblem {
  constructor(detail: string, field?: string) {
    super(409, problemTypes.conflict, 'Conflicto', detail, field === undefined ? undefined : [{ field, in: 'body', message: detail }]);
  }
}

/** Optimistic concurrency: the record changed since the client read it; here is how it is now. */
export class StaleVersionProblem<T> extends HttpProblem {
  constructor(readonly current: T) {
    super(
      409,
      problemTypes.staleVersion,
      'El registro cambió',
      'Otra persona modificó este registro después de que usted lo abriera. Revise la versión actual y vuelva a aplicar su cambio.',
      [{ field: 'version', in: 'body', message: 'Versión desactualizada' }],
    );
  }

  override toJSON(instance?: string): ProblemDetails & { current: T } {
    return { ...this.details(instance), current: this.current };
  }
}

/**
 * A write the programme's status does not allow (a line change on an approved or closed
 * programme, any change to the demo): 409 naming `status`, with the programme as it is.
 */
export class ProgrammeNotEditableProblem<T> extends HttpProblem {
  constructor(
    detail: string,
    readonly programme: T,
  ) {
    super(409, problemTypes.programmeNotEditable, 'Programa no editable', detail, [{ field: 'status', in: 'body', message: detail }]);
  }

  override toJSON(instance?: string): ProblemDetails & { programme: T } {
    return { ...this.details(instance), programme: this.programme };
  }
}
