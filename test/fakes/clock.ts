import type { Clock, IdGenerator } from '../../domain/shared/clock.js';

/** A clock that stands still until a test moves it. */
export const fixedClock = (iso: string) => {
  let now = new Date(iso);
  return {
    now: () => new Date(now),
    set: (next: string | Date) => { now = new Date(next); },
    advance: (ms: number) => { now = new Date(now.getTime() + ms); },
  } satisfies Clock & Record<string, unknown>;
};

export const sequentialIds = (prefix = 'id'): IdGenerator => {
  let n = 0;
  return { next: () => `${prefix}-${++n}` };
};
