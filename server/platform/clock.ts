// The time as the app sees it. Use cases take `now` from the route's clock, never from `new Date()`,
// so tests can move time forward (to expire sessions and lockouts) without waiting.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The calendar date in Lima (UTC−5 all year) at `now`, as yyyy-mm-dd: "today" for a process's steps. */
export const limaDate = (now: Date): string => new Date(now.getTime() - 5 * 3600_000).toISOString().slice(0, 10);
