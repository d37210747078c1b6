// Reading and patching the view state kept in the URL (?lista=…&q=…&orden=…&dir=…&pagina=…).
// Unknown or malformed values fall back to defaults instead of reaching the API.

export function readEnum<T extends string>(
  params: URLSearchParams,
  key: string,
  allowed: readonly T[],
): T | undefined {
  const value = params.get(key);
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function readPage(params: URLSearchParams, key = 'pagina'): number {
  const raw = params.get(key);
  if (raw === null || !/^\d{1,7}$/.test(raw)) return 1;
  const page = Number.parseInt(raw, 10);
  return page >= 1 ? page : 1;
}

/** A record id (?item=42), or undefined when absent or malformed. */
export function readId(params: URLSearchParams, key: string): number | undefined {
  const raw = params.get(key);
  return raw !== null && /^[1-9]\d{0,9}$/.test(raw) ? Number.parseInt(raw, 10) : undefined;
}

export function readChoice(
  params: URLSearchParams,
  key: string,
  allowed: readonly number[],
  fallback: number,
): number {
  const raw = params.get(key);
  if (raw === null || !/^\d+$/.test(raw)) return fallback;
  const value = Number.parseInt(raw, 10);
  return allowed.includes(value) ? value : fallback;
}

export function readText(params: URLSearchParams, key: string): string {
  return (params.get(key) ?? '').slice(0, 200);
}

/** Returns a copy of `params` with each key set, or deleted when the value is null/''. */
export function patchParams(
  params: URLSearchParams,
  patch: Readonly<Record<string, string | number | null | undefined>>,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || value === undefined || value === '') next.delete(key);
    else next.set(key, String(value));
  }
  return next;
}
