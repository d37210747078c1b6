// Typed access to the Abastece HTTP API (same origin, prefix /api, cookie session). Every failure
// becomes an ApiError carrying RFC 9457 problem details, so the UI can show the server's title,
// detail and field errors. A 401 on any call means the session ended: the session context is
// told (see onSessionExpired) unless the caller expects a 401 as an answer (wrong password).
import type { ProblemDetails } from '../../../../shared/api.ts';
import { problemTypes } from '../../../../shared/problem-types.ts';

export const API_PREFIX = '/api';

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Readonly<Record<string, QueryValue>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly problem: ProblemDetails;
  /** Seconds to wait before trying again (the Retry-After header of a 429 or 503), when given. */
  readonly retryAfterSeconds: number | undefined;

  constructor(problem: ProblemDetails, retryAfterSeconds?: number) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message the server gave for one request field, if any ("username", "currentPassword"). */
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
  /**
   * A 401 is an expected answer of this call (wrong credentials, no session yet), not a sign that
   * the session expired: it is thrown to the caller without ending the session on screen.
   */
  expectUnauthorized?: boolean;
}

type SessionExpiredListener = () => void;
let sessionExpiredListener: SessionExpiredListener | null = null;

/** The session context registers here to hear of any 401; returns the unregister function. */
export function onSessionExpired(listener: SessionExpiredListener): () => void {
  sessionExpiredListener = listener;
  return () => {
    if (sessionExpiredListener === listener) sessionExpiredListener = null;
  };
}

/** Reports that the session ended (a 401 a caller first expected, then found to mean expiry). */
export function reportSessionExpired(): void {
  sessionExpiredListener?.();
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
    type: problemTypes.untyped,
    title: response.status >= 500 ? 'Error del servidor' : 'La solicitud no se pudo completar',
    status: response.status,
    detail: `El servidor respondió con el código ${response.status}.`,
  };
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

const ACCEPT = 'application/json, application/problem+json';

/** One request: network failures and HTTP errors become ApiError; a 401 reports the session expired. */
async function request(url: string, init: RequestInit, options: RequestOptions | undefined): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'same-origin', signal: options?.signal ?? null });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError({
      type: problemTypes.untyped,
      title: 'No se pudo conectar con el servidor',
      status: 0,
      detail: 'Compruebe su conexión de red o que el servidor de Abastece esté en funcionamiento.',
    });
  }
  if (response.ok) return response;

  const error = new ApiError(await problemFromResponse(response), parseRetryAfter(response.headers.get('retry-after')));
  if (response.status === 401 && !options?.expectUnauthorized) reportSessionExpired();
  throw error;
}

/**
 * GET a JSON resource from the API. Throws ApiError for HTTP errors, network failures and
 * non-JSON answers; rethrows AbortError untouched so callers can ignore cancelled requests.
 */
export function getJson<T>(path: string, params?: QueryParams, options?: RequestOptions): Promise<T> {
  return fetchJson<T>(buildApiUrl(path, params), options);
}

async function fetchJson<T>(url: string, options?: RequestOptions): Promise<T> {
  const response = await request(url, { headers: { Accept: ACCEPT } }, options);
  return readJson<T>(response, url);
}

/** POST a JSON body; resolves to the JSON answer, or undefined for 204 No Content. */
export function postJson<T = void>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
  return sendJson<T>('POST', path, body, options);
}

/** PATCH a JSON body (only the fields that change); resolves to the JSON answer. */
export function patchJson<T = void>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
  return sendJson<T>('PATCH', path, body, options);
}

/** PUT a JSON body (the whole record, as a budget ceiling); resolves to the JSON answer. */
export function putJson<T = void>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
  return sendJson<T>('PUT', path, body, options);
}

/**
 * DELETE a resource (with a JSON body when the deletion needs a reason); resolves to the JSON
 * answer, or undefined for 204 No Content.
 */
export function deleteJson<T = void>(path: string, options?: RequestOptions & { body?: unknown }): Promise<T> {
  return sendJson<T>('DELETE', path, options?.body, options);
}

/** POST a multipart form (a file upload); the browser sets the boundary. */
export async function postForm<T>(path: string, form: FormData, options?: RequestOptions): Promise<T> {
  const url = buildApiUrl(path);
  const response = await request(url, { method: 'POST', headers: { Accept: ACCEPT }, body: form }, options);
  return readJson<T>(response, url);
}

async function sendJson<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body: unknown, options?: RequestOptions): Promise<T> {
  const url = buildApiUrl(path);
  const init: RequestInit =
    body === undefined
      ? { method, headers: { Accept: ACCEPT } }
      : { method, headers: { Accept: ACCEPT, 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await request(url, init, options);
  if (response.status === 204 || response.headers.get('content-length') === '0') return undefined as T;
  return readJson<T>(response, url);
}

async function readJson<T>(response: Response, url: string): Promise<T> {
  if (!isJsonContentType(response.headers.get('content-type'))) {
    throw new ApiError({
      type: problemTypes.untyped,
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

/** "Título. Detalle": a problem in one line, for a form's summary or a status line. */
export function problemSummary(problem: ProblemDetails): string {
  return problem.detail ? `${problem.title}. ${problem.detail}` : problem.title;
}

/** Problem details for any thrown value, so views render one shape. */
export function toProblem(error: unknown): ProblemDetails {
  if (error instanceof ApiError) return error.problem;
  return {
    type: problemTypes.untyped,
    title: 'Error inesperado',
    status: 0,
    detail: error instanceof Error ? error.message : String(error),
  };
}
