// The page to come back to after signing in, carried as ?volver=/ruta?consulta on the sign-in page.
// Only a path of this app is accepted: never another origin ("//evil.example", "https://…").

export const SIGN_IN_PATH = '/ingresar';
const PARAM = 'volver';

export function signInPathFor(returnTo: string | null): string {
  if (returnTo === null || returnTo === '/' || !isSafeReturnPath(returnTo)) return SIGN_IN_PATH;
  return `${SIGN_IN_PATH}?${new URLSearchParams({ [PARAM]: returnTo })}`;
}

export function readReturnPath(params: URLSearchParams): string {
  const value = params.get(PARAM);
  return value !== null && isSafeReturnPath(value) ? value : '/';
}

export function isSafeReturnPath(value: string): boolean {
  return (
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.startsWith('/\\') &&
    !/[\u0000-\u001f]/.test(value) &&
    value.length <= 2000 &&
    !value.startsWith(SIGN_IN_PATH)
  );
}
