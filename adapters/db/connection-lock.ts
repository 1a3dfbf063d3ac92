import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConnectionLock } from '../../domain/apps/ports.js';
import type { ConnectionId, PracticeId } from '../../domain/shared/ids.js';

export type LeaseOptions = { readonly leaseMs?: number; readonly waitMs?: number; readonly pollMs?: number };

/**
 * The token-refresh lock as a lease row taken with one atomic upsert (it only succeeds when the row
 * is free or its lease has lapsed). Chosen over pg_advisory_lock and SELECT … FOR UPDATE because both
 * hold a pooled connection (and a transaction) open across the refresh's HTTP call, and a lease needs
 * no connection while it is held. It frees itself if its holder crashes. Times come from the
 * database's clock, not ours.
 */
export class MikroOrmConnectionLock implements ConnectionLock {
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(private readonly em: EntityManager, o: LeaseOptions = {}) {
    // Longer than the slowest refresh (15 s timeout, one retry), so a lease never lapses mid-refresh.
    this.leaseMs = o.leaseMs ?? 60_000;
    this.waitMs = o.waitMs ?? 45_000;
    this.pollMs = o.pollMs ?? 50;
  }

  private async take(practiceId: PracticeId, connectionId: ConnectionId, holder: string): Promise<boolean> {
    const rows = await this.em.getConnection().execute(
      `insert into connection_lease (connection_id, practice_id, holder, expires_at)
       values (?, ?, ?, now() + (?::int * interval '1 millisecond'))
       on conflict (connection_id) do update set practice_id = excluded.practice_id, holder = excluded.holder, expires_at = excluded.expires_at
       where connection_lease.expires_at < now()
       returning holder`,
      [connectionId, practiceId, holder, this.leaseMs],
      'all',
    );
    return rows.length === 1;
  }

  async withLock<T>(practiceId: PracticeId, connectionId: ConnectionId, work: () => Promise<T>): Promise<T> {
    const holder = randomUUID();
    const deadline = Date.now() + this.waitMs;
    while (!(await this.take(practiceId, connectionId, holder))) {
      if (Date.now() > deadline) throw new Error('timed out waiting for another process to finish refreshing this connection');
      await new Promise((r) => setTimeout(r, this.pollMs + Math.random() * this.pollMs));
    }
    try {
      return await work();
    } finally {
      await this.em.getConnection().execute(
        'delete from connection_lease where connection_id = ? and practice_id = ? and holder = ?', [connectionId, practiceId, holder], 'run');
    }
  }
}
