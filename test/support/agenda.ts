import { PostgresBackend } from '@agendajs/postgres-backend';
import { Agenda } from 'agenda';
import pg from 'pg';
import { openTestOrm, type TestDatabase } from './db.js';

export type TestAgenda = { readonly agenda: Agenda; readonly pool: pg.Pool; readonly db: TestDatabase; close(): Promise<void> };

/** A real Agenda on a fresh, migrated test database, for job definition tests. */
export async function openTestAgenda(options: { processEvery?: number } = {}): Promise<TestAgenda> {
  const db = await openTestOrm();
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const agenda = new Agenda({ backend: new PostgresBackend({ pool }), ...(options.processEvery ? { processEvery: options.processEvery } : {}) });
  await agenda.ready;
  return {
    agenda, pool, db,
    async close() {
      await agenda.stop();
      await pool.end();
      await db.close();
    },
  };
}
