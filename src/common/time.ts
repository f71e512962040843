// Injected clock: state machines and the log never read Date.now() directly, so tests can
// drive time deterministically.

export interface Time {
  now(): number;
}

export const systemTime: Time = { now: () => Date.now() };
