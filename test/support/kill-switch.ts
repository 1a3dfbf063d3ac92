/**
 * Simulated process kills for the outbox drain (see test/adapters/db/outbox-kill.test.ts): at the
 * chosen point a Killed error is thrown and, from then on, every call the dead drain makes to the
 * database or the app throws too, so nothing after the kill point happens.
 */
import type { OutboxStore, OutboxWriter } from '../../domain/outbox/ports.js';

export class Killed extends Error {}

export const killPoints = [
  'dueApps:before', 'claimDue:before', 'claimDue:after', 'lookup:before', 'lookup:after', 'create:before', 'create:after',
  'markDone:before', 'markDone:after', 'retryLater:before', 'retryLater:after',
] as const;
export type KillPoint = (typeof killPoints)[number];

/** Dies at the `nth` time `point` is reached; dead, it refuses every call. Other suites name their own points. */
export const killSwitch = <P extends string = KillPoint>(point: P, nth: number) => {
  const s = { dead: false, fired: false, reached: 0 };
  const at = (here: string) => {
    if (s.dead) throw new Killed('already dead');
    if (here === point && ++s.reached === nth) {
      s.dead = true;
      s.fired = true;
      throw new Killed(point);
    }
  };
  const around = async <T>(name: string, call: () => Promise<T>): Promise<T> => {
    at(`${name}:before`);
    const result = await call();
    at(`${name}:after`);
    return result;
  };
  return { state: s, around };
};

export type Switch = ReturnType<typeof killSwitch<string>>;

/**
 * Any store or client, dying with the switch: each method call is the points `NAME.method:before`
 * and `NAME.method:after`, so a suite wraps real adapters without writing a wrapper per port.
 */
export const dying = <T extends object>(target: T, k: Switch, name: string): T => new Proxy(target, {
  get(t, key, receiver) {
    const value: unknown = Reflect.get(t, key, receiver);
    if (typeof value !== 'function' || typeof key !== 'string') return value;
    return (...args: unknown[]) => k.around(`${name}.${key}`, () => Promise.resolve(value.apply(t, args)));
  },
});

export const dyingStore = (store: OutboxStore, k: Switch): OutboxStore => ({
  enqueue: (e) => k.around('enqueue', () => store.enqueue(e)),
  get: (p, id) => k.around('get', () => store.get(p, id)),
  findByKey: (p, key) => k.around('findByKey', () => store.findByKey(p, key)),
  failed: (p, kind) => k.around('failed', () => store.failed(p, kind)),
  dueApps: (now) => k.around('dueApps', () => store.dueApps(now)),
  claimDue: (app, now, limit, until) => k.around('claimDue', () => store.claimDue(app, now, limit, until)),
  markDone: (p, id, ext, now) => k.around('markDone', () => store.markDone(p, id, ext, now)),
  retryLater: (p, id, next, why, now) => k.around('retryLater', () => store.retryLater(p, id, next, why, now)),
  markFailed: (p, id, why, now) => k.around('markFailed', () => store.markFailed(p, id, why, now)),
  requeue: (p, id, now) => k.around('requeue', () => store.requeue(p, id, now)),
});

export const dyingWriter = (writer: OutboxWriter, k: Switch): OutboxWriter => ({
  lookup: (e) => k.around('lookup', () => writer.lookup(e)),
  create: (e) => k.around('create', () => writer.create(e)),
});

