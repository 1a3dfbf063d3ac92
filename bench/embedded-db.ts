import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedDatabase } from '../adapters/db/embedded.js';

/** The product's embedded PostgreSQL (durable, as `npm start` runs it) in a throwaway data folder. */
export async function throwawayEmbedded(): Promise<{ url: string; serverPid: number; stop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ignition-bench-db-'));
  chmodSync(dir, 0o711); // as root, the server's own user must reach its cluster
  const db = await startEmbeddedDatabase(dir);
  return {
    url: db.url,
    serverPid: db.serverPid,
    async stop() {
      await db.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
