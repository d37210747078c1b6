// The time as the app sees it. Use cases take `now` from the route's clock, never from `new Date()`,
// so tests can move time forward (to expire sessions and lockouts) without waiting.
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
