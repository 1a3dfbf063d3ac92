import { createServer, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves one PGlite session to many PostgreSQL connections on loopback.
 *
 * PGlite is a single session, so connections take turns. A turn is a whole protocol exchange:
 * everything a connection sends up to a Sync, a simple Query or a Flush goes to PGlite as one batch.
 * (pglite-socket queues single messages, so two connections' Parse/Bind/Execute sequences interleave
 * and one gets the other's rows back.) While a connection has a transaction open, only it is served,
 * as its transaction is the session's.
 */
export type PgliteServer = { readonly url: string; stop(): Promise<void> };

const sslRequest = 80877103;
const cancelRequest = 80877102;
const batchEnds = new Set(['S', 'Q', 'H'].map((c) => c.charCodeAt(0)));
const terminate = 'X'.charCodeAt(0);

type Connection = { readonly socket: Socket; buffer: Buffer; pending: Buffer[]; started: boolean };
type Batch = { readonly conn: Connection | null; readonly bytes: Uint8Array };

const simpleQuery = (sql: string): Uint8Array => {
  const body = Buffer.from(`${sql}\0`, 'utf8');
  const head = Buffer.alloc(5);
  head.write('Q', 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};

export async function servePglite(db: PGlite, host = '127.0.0.1'): Promise<PgliteServer> {
  const queue: Batch[] = [];
  const sockets = new Set<Socket>();
  let holder: Connection | null = null;
  let pumping = false;

  const pump = async (): Promise<void> => {
    if (pumping) return;
    pumping = true;
    try {
      for (;;) {
        const index = holder ? queue.findIndex((b) => b.conn === holder) : 0;
        if (index < 0 || !queue.length) break;
        const [batch] = queue.splice(index, 1);
        const socket = batch!.conn?.socket;
        await db.runExclusive(() => db.execProtocolRawStream(batch!.bytes, {
          onRawData: (data) => { if (socket?.writable) socket.write(data); },
        }));
        holder = db.isInTransaction() ? batch!.conn : null;
      }
    } finally {
      pumping = false;
    }
  };
  const enqueue = (batch: Batch, first = false) => {
    if (first) queue.unshift(batch);
    else queue.push(batch);
    void pump().catch(() => undefined);
  };

  /** Splits what arrived into messages; returns false once the connection should end. */
  const read = (conn: Connection): boolean => {
    for (;;) {
      const b = conn.buffer;
      if (!conn.started) {
        if (b.length < 8) return true;
        const length = b.readInt32BE(0);
        const code = b.readInt32BE(4);
        if (length === 8 && code === sslRequest) {
          conn.socket.write('N');
          conn.buffer = b.subarray(8);
          continue;
        }
        if (code === cancelRequest) return false; // cancelling is not supported by PGlite
        if (b.length < length) return true;
        conn.started = true;
        conn.buffer = b.subarray(length);
        enqueue({ conn, bytes: b.subarray(0, length) });
        continue;
      }
      if (b.length < 5) return true;
      const total = 1 + b.readInt32BE(1);
      if (b.length < total) return true;
      const type = b[0]!;
      const message = b.subarray(0, total);
      conn.buffer = b.subarray(total);
      if (type === terminate) return false;
      conn.pending.push(message);
      if (batchEnds.has(type)) {
        enqueue({ conn, bytes: Buffer.concat(conn.pending) });
        conn.pending = [];
      }
    }
  };

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    const conn: Connection = { socket, buffer: Buffer.alloc(0), pending: [], started: false };
    socket.on('data', (chunk) => {
      conn.buffer = conn.buffer.length ? Buffer.concat([conn.buffer, chunk]) : chunk;
      if (!read(conn)) socket.end();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      sockets.delete(socket);
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.conn === conn) queue.splice(i, 1);
      // A connection that dies inside its transaction must not leave the session stuck in it.
      if (holder === conn) {
        holder = null;
        enqueue({ conn: null, bytes: simpleQuery('ROLLBACK') }, true);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `postgresql://postgres@${host}:${port}/postgres?sslmode=disable`,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
