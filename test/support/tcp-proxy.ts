import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that a test can cut: drop() ends every connection and refuses
 * new ones (the server is away), dropOn() does so the moment a client sends a statement containing
 * a given text (mid-command), and restore() lets connections through again.
 */
export type TcpProxy = {
  readonly port: number;
  drop(): void;
  dropOn(text: string): Promise<void>;
  restore(): void;
  close(): Promise<void>;
};

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let down = false;
  let trigger: { text: string; fired: () => void } | undefined;
  const drop = () => {
    down = true;
    for (const socket of open) socket.destroy();
    open.clear();
  };
  const server: Server = createServer((client) => {
    if (down) { client.destroy(); return; }
    const upstream = connect(target.port, target.host);
    open.add(client).add(upstream);
    const forget = () => { open.delete(client); open.delete(upstream); client.destroy(); upstream.destroy(); };
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
    client.on('data', (chunk: Buffer) => {
      if (trigger && chunk.includes(trigger.text)) {
        const { fired } = trigger;
        trigger = undefined;
        drop();
        fired();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    drop,
    dropOn: (text) => new Promise<void>((fired) => { trigger = { text, fired }; }),
    restore: () => { down = false; },
    close: () => { drop(); return new Promise((done) => server.close(() => done())); },
  };
}
