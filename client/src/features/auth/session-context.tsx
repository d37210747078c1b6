// Who is signed in. On start the app asks GET /api/session; until it answers, a loading state.
// Any later 401 from the API (reported by api-client) means the session expired: the routes send
// the user to the sign-in page, which says so and brings them back afterwards. Once signed out,
// nothing read for that user stays in the query cache for the next one.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ProblemDetails } from '../../../../shared/api.ts';
import type { SessionDto, SessionUser } from '../../../../shared/auth.ts';
import { ApiError, deleteJson, getJson, isAbortError, onSessionExpired, postJson, toProblem } from '../../platform/api/api-client.ts';

export type SignedOutReason =
  /** No session when the app started. */
  | 'none'
  /** The server stopped accepting the session (idle or absolute time-out, revoked). */
  | 'expired'
  /** The user pressed "Salir". */
  | 'signedOut';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unavailable'; problem: ProblemDetails }
  | { status: 'signedOut'; reason: SignedOutReason }
  | { status: 'signedIn'; session: SessionDto };

export interface SessionContextValue {
  state: SessionState;
  /** The signed-in user, if any. */
  user: SessionUser | undefined;
  /** POST /api/session; throws ApiError (401 wrong credentials, 429 locked out). */
  signIn: (credentials: { username: string; password: string }) => Promise<void>;
  /** DELETE /api/session; throws ApiError if the server could not be reached. */
  signOut: () => Promise<void>;
  /** Asks GET /api/session again (after the user changed their own name or roles). */
  refresh: () => Promise<void>;
  /** Tries the start-up check again after the server could not be reached. */
  retry: () => void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = use(SessionContext);
  if (!value) throw new Error('useSession debe usarse dentro de <SessionProvider>');
  return value;
}

/** The signed-in user; for components that only render behind RequireSession. */
export function useSessionUser(): SessionUser {
  const { user } = useSession();
  if (!user) throw new Error('useSessionUser requiere una sesión iniciada');
  return user;
}

/** Longest a timer may wait (setTimeout overflows past 2^31 − 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

async function fetchSession(signal?: AbortSignal): Promise<SessionState> {
  try {
    const session = await getJson<SessionDto>('/session', undefined, { signal, expectUnauthorized: true });
    return { status: 'signedIn', session };
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return { status: 'signedOut', reason: 'none' };
    throw error;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const queryClient = useQueryClient();

  useEffect(() => {
    if (state.status === 'signedOut') queryClient.clear();
  }, [state.status, queryClient]);

  // Boot (and "Reintentar" when the server could not be reached).
  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal).then(setState, (error: unknown) => {
      if (isAbortError(error) || controller.signal.aborted) return;
      setState({ status: 'unavailable', problem: toProblem(error) });
    });
    return () => controller.abort();
  }, [attempt]);

  // Any 401 from the API ends the session on screen.
  useEffect(
    () =>
      onSessionExpired(() =>
        setState((previous) => (previous.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : previous)),
      ),
    [],
  );

  // At the absolute end of the session, check with the server (the clocks may differ) rather than
  // leave the page open on data the user may no longer see.
  const expiresAt = state.status === 'signedIn' ? state.session.expiresAt : undefined;
  useEffect(() => {
    if (!expiresAt) return;
    const delay = Date.parse(expiresAt) - Date.now();
    if (Number.isNaN(delay)) return;
    const timer = window.setTimeout(
      () => {
        fetchSession().then(
          (next) =>
            setState((previous) =>
              previous.status !== 'signedIn'
                ? previous
                : next.status === 'signedOut'
                  ? { status: 'signedOut', reason: 'expired' }
                  : next,
            ),
          () => undefined, // Unreachable server: the next API call will tell.
        );
      },
      Math.min(Math.max(delay + 1000, 1000), MAX_TIMER_MS),
    );
    return () => window.clearTimeout(timer);
  }, [expiresAt]);

  const signIn = useCallback<SessionContextValue['signIn']>(async (credentials) => {
    const session = await postJson<SessionDto>('/session', credentials, { expectUnauthorized: true });
    setState({ status: 'signedIn', session });
  }, []);

  const signOut = useCallback<SessionContextValue['signOut']>(async () => {
    try {
      await deleteJson('/session', { expectUnauthorized: true });
    } catch (error) {
      // Already ended on the server: signed out all the same.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setState({ status: 'signedOut', reason: 'signedOut' });
  }, []);

  const refresh = useCallback<SessionContextValue['refresh']>(async () => {
    const next = await fetchSession();
    setState((previous) =>
      next.status === 'signedOut' && previous.status === 'signedIn' ? { status: 'signedOut', reason: 'expired' } : next,
    );
  }, []);

  const retry = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const value = useMemo<SessionContextValue>(
    () => ({
      state,
      user: state.status === 'signedIn' ? state.session.user : undefined,
      signIn,
      signOut,
      refresh,
      retry,
    }),
    [state, signIn, signOut, refresh, retry],
  );

  return <SessionContext value={value}>{children}</SessionContext>;
}
