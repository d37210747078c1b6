// Typed access to the Abastece HTTP API (same origin, prefix /api). Every failure becomes an
// ApiError carrying RFC 9457 problem details, so the UI can show the server's title and detail.
import type { ProblemDetails } from '../../../shared/api.ts';

export const API_PREFIX = '/api';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }
}

/** Builds `/api/<path>?<params>`, leaving out empty values so URLs stay canonical. */
export function buildApiUrl(path: string, params?: QueryParams): string {
  const search = new URLSearchParams();
  if (params) {
    for (const [key, value] of Object.entries(params)) {
      if (value === undefined || value === null || value === '') continue;
      search.set(key, String(value));
    }
  }
  const query = search.toString();
  const normalizedPath = path.startsWith('/') ? path : `/${path}`;
  return `${API_PREFIX}${normalizedPath}${query ? `?${query}` : ''}`;
}

function isProblemDetails(value: unknown): value is ProblemDetails {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { title?: unknown }).title === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}

function isJsonContentType(contentType: string | null): boolean {
  return contentType !== null && /\bjson\b/i.test(contentType);
}

async function problemFromResponse(response: Response): Promise<ProblemDetails> {
  if (isJsonContentType(response.headers.get('content-type'))) {
    try {
      const body: unknown = await response.json();
      if (isProblemDetails(body)) return body;
    } catch {
      // Fall through to a generic problem: the body was not valid JSON.
    }
  }
  return {
    type: 'about:blank',
    title: response.status >= 500 ? 'Error del servidor' : 'La solicitud no se pudo completar',
    status: response.status,
    detail: `El servidor respondió ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  };
}

/**
 * GET a JSON resource from the API. Throws ApiError for HTTP errors, network failures and
 * non-JSON answers; rethrows AbortError untouched so callers can ignore cancelled requests.
 */
export function getJson<T>(path: string, params?: QueryParams, init?: { signal?: AbortSignal }): Promise<T> {
  return fetchJson<T>(buildApiUrl(path, params), init);
}

/** GET an already built API URL (see buildApiUrl). */
export async function fetchJson<T>(url: string, init?: { signal?: AbortSignal }): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json, application/problem+json' },
      signal: init?.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'No se pudo conectar con el servidor',
      status: 0,
      detail: 'Compruebe su conexión de red o que el servidor de Abastece esté en funcionamiento.',
    });
  }

  if (!response.ok) throw new ApiError(await problemFromResponse(response));

  if (!isJsonContentType(response.headers.get('content-type'))) {
    throw new ApiError({
      type: 'about:blank',
      title: 'Respuesta inesperada del servidor',
      status: response.status,
      detail: `Se esperaba JSON en ${url}.`,
    });
  }
  return (await response.json()) as T;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Problem details for any thrown value, so views render one shape. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ApiError) return error.problem;
  return {
    type: 'about:blank',
    title: 'Error inesperado',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}
