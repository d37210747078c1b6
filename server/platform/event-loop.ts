// Long loops over a file's rows share the event loop: every few hundred values they step aside, so
// other requests (and /api/health) are answered while an import is checked.
import { setImmediate } from 'node:timers/promises';

/**
 * Lets other callbacks run. Needed between PGlite queries too: PGlite answers on the event loop
 * and its promises resolve as microtasks, so back-to-back queries never let a request in.
 */
export const nextTurn = (): Promise<void> => setImmediate();

export const VALUES_PER_TURN = 500;

/** The values in order (a list, or rows as a file is read), yielding to the event loop after every `perTurn` of them. */
export async function* inTurns<T>(values: Iterable<T> | AsyncIterable<T>, perTurn = VALUES_PER_TURN): AsyncGenerator<T> {
  let count = 0;
  for await (const value of values) {
    yield value;
    if (++count % perTurn === 0) await nextTurn();
  }
}
