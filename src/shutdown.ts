/**
 * The bot's parts, closed in the reverse of the order they started. Each part gets a deadline: a
 * pool waiting for a connection that will never come back (a job cut off mid-query while the
 * database was away) must not keep the process — or a supervisor's SIGTERM — waiting forever. A
 * part that overruns is reported by name and left behind; the next part still closes.
 */
export type Shutdown = {
  add(name: string, close: () => Promise<unknown>, withinMs?: number): void;
  run(): Promise<void>;
};

export function createShutdown(logger: { warn(details: object, message: string): void }, defaultWithinMs = 5_000): Shutdown {
  const parts: { name: string; close: () => Promise<unknown>; withinMs: number }[] = [];
  return {
    add: (name, close, withinMs = defaultWithinMs) => { parts.unshift({ name, close, withinMs }); },
    async run() {
      for (const { name, close, withinMs } of parts.splice(0)) {
        let timer: NodeJS.Timeout | undefined;
        const overran = new Promise<'overran'>((done) => { timer = setTimeout(() => done('overran'), withinMs); });
        const outcome = await Promise.race([
          close().then(() => 'closed' as const, (error: unknown) => { logger.warn({ err: error, part: name }, `error while closing ${name}`); return 'failed' as const; }),
          overran,
        ]);
        clearTimeout(timer);
        if (outcome === 'overran') logger.warn({ part: name }, `${name} did not close within ${withinMs / 1000} s; left behind`);
      }
    },
  };
}
