import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MikroOrmConnectionLock } from '../../../adapters/db/connection-lock.js';
import { MikroOrmConnectionStore } from '../../../adapters/db/connection-store.js';
import { MikroOrmOAuthNonces, MikroOrmPracticeFlags, MikroOrmWebhookReceipts } from '../../../adapters/db/app-stores.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import type { AppConnection, TokenSet } from '../../../domain/practice/connection.js';
import type { AppAuth } from '../../../domain/apps/ports.js';
import { asId } from '../../../domain/shared/ids.js';
import { ok } from '../../../domain/shared/result.js';
import { createTokenAccess } from '../../../src/apps/tokens.js';
import { appPortsContract } from '../../contracts/app-ports.contract.js';
import { openTestOrm, type TestDatabase } from '../../support/db.js';

let db: TestDatabase;
beforeAll(async () => { db = await openTestOrm(); });
afterAll(async () => { await db.close(); });

appPortsContract('MikroORM', async () => {
  const em = db.em();
  return { nonces: new MikroOrmOAuthNonces(em), flags: new MikroOrmPracticeFlags(em), receipts: new MikroOrmWebhookReceipts(em), lock: new MikroOrmConnectionLock(em, { pollMs: 5 }) };
});

/** A token endpoint with Gusto's rotation: each refresh token works once. */
const rotatingAuth = () => {
  const live = new Set(['r-0']);
  let n = 0;
  const calls = { refresh: 0, rejected: 0 };
  const auth: AppAuth = {
    authorizeUrl: () => '', exchangeCode: async () => { throw new Error('unused'); }, revoke: async () => {},
    async refresh(token, now) {
      calls.refresh++;
      await new Promise((r) => setTimeout(r, 30));
      if (!live.delete(token)) { calls.rejected++; return { ok: false, error: { kind: 'needs-reconnect', detail: 'invalid_grant' } }; }
      const next: TokenSet = { accessToken: `a-${++n}`, refreshToken: `r-${n}`, expiresAt: new Date(now.getTime() + 7_200_000) };
      live.add(next.refreshToken);
      return ok(next);
    },
  };
  return { auth, calls };
};

describe('token refresh across processes sharing the database', () => {
  it('20 concurrent token requests from two processes cause exactly one refresh', async () => {
    const box = createSecretBox(Buffer.alloc(32, 7));
    const now = new Date();
    const conn: AppConnection = {
      id: asId('conn-1'), practiceId: asId('pr-1'), provider: 'gusto', externalId: 'co-1', label: 'Co 1', status: 'active',
      tokens: { accessToken: 'a-0', refreshToken: 'r-0', expiresAt: new Date(now.getTime() + 1000) }, settings: {}, connectedAt: now,
    };
    await new MikroOrmConnectionStore(db.em(), box).save(conn);
    const { auth, calls } = rotatingAuth();
    const process = () => {
      const em = db.em();
      return createTokenAccess({ connections: new MikroOrmConnectionStore(em, box), lock: new MikroOrmConnectionLock(em, { pollMs: 10 }), auth, clock: { now: () => new Date() }, onNeedsReconnect: async () => {} });
    };
    const [a, b] = [process(), process()];

    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).accessToken(conn)));

    expect(calls).toEqual({ refresh: 1, rejected: 0 });
    expect(new Set(tokens.map((t) => (t.ok ? t.value : t.error.kind)))).toEqual(new Set(['a-1']));
    const stored = await new MikroOrmConnectionStore(db.em(), box).get(conn.practiceId, conn.id);
    expect(stored?.tokens.refreshToken).toBe('r-1');
  });
});

describe('the refresh lease', () => {
  it('frees itself when its holder died without releasing it', async () => {
    const em = db.em();
    await em.getConnection().execute(
      "insert into connection_lease (connection_id, practice_id, holder, expires_at) values ('conn-dead', 'pr-1', 'crashed', now() + interval '200 milliseconds')", [], 'run');
    const started = Date.now();

    const got = await new MikroOrmConnectionLock(em, { pollMs: 20 }).withLock(asId('pr-1'), asId('conn-dead'), async () => 'mine');

    expect(got).toBe('mine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });
});
