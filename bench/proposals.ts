/**
 * Proposals benchmark on the product's default stack: embedded PostgreSQL, the MikroORM stores, the real
 * use cases and the fastify acceptance page over loopback HTTP. Reports page render p50/p99, accept
 * requests per second and the time to build 1,000 three-option proposals through the use cases.
 */
import { RequestContext, type MikroORM } from '@mikro-orm/postgresql';
import Fastify from 'fastify';
import { randomBytes } from 'node:crypto';
import { MikroOrmAppLinkStore } from '../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../adapters/db/client-store.js';
import { MikroOrmContactStore } from '../adapters/db/contact-store.js';
import { throwawayEmbedded } from './databases.js';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { MikroOrmPracticeStore } from '../adapters/db/practice-store.js';
import { newPractice } from '../domain/practice/practice.js';
import type { User } from '../domain/practice/user.js';
import { asId } from '../domain/shared/ids.js';
import { composeOutbox } from '../src/compose-outbox.js';
import type { Notifier } from '../src/notify.js';
import { composeProposals } from '../src/compose-proposals.js';
import type { Actor } from '../src/actor.js';

const proposalCount = 1_000;
const renders = 400;
const accepts = 300;
const concurrency = 8;

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => Math.round(n * 100) / 100;

function useCases(orm: MikroORM) {
  let n = 0;
  let accepted = 0;
  const em = orm.em;
  const clock = { now: () => new Date() };
  const ids = { next: () => `b${(++n).toString(36)}${randomBytes(3).toString('hex')}` };
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const notifier: Notifier = { notify: async (_p, event) => { if (event === 'proposal.accepted') accepted++; } };
  // The acceptance card goes through the outbox; with no scheduler here it is drained in place.
  const outbox = composeOutbox({ em, notifier, clock, ids, inScope, log: { warn: () => {}, error: () => {} } });
  const composed = composeProposals({
    em, wakeOutbox: outbox.wake, publicUrl: 'http://127.0.0.1', encryptionKey: randomBytes(32), mailFrom: 'bench@localhost',
    stores: { practices: new MikroOrmPracticeStore(em), clients: new MikroOrmClientStore(em), contacts: new MikroOrmContactStore(em), links: new MikroOrmAppLinkStore(em), audit: new MikroOrmAuditLog(em) },
    notifier, clock, ids, inScope, rateLimit: { max: 1e9, timeWindowMs: 60_000 },
  });
  return { uc: composed.useCases, routes: composed.routes, acceptedCount: () => accepted };
}

const must = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`use case refused: ${JSON.stringify(r.error)}`);
  return r.value;
};

/** GETs the page like a browser and returns what it needs to sign: cookie, CSRF, content hash, first option. */
async function readForm(url: string) {
  const res = await fetch(url);
  const body = await res.text();
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(body)?.[1] ?? '';
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0]!, csrf: field('csrf'), content: field('content'), tier: field('tier') };
}

export async function benchProposals(): Promise<Record<string, number | string>> {
  const db = await throwawayEmbedded();
  const orm = await openOrm({ url: db.url, poolMax: 4 });
  const app = Fastify({ logger: false });
  try {
    await migrate(orm);
    const scope = <T>(fn: () => Promise<T>) => RequestContext.create(orm.em, fn);
    const { uc, routes, acceptedCount } = useCases(orm);
    const practice = { ...newPractice(asId('bench-practice'), 'Bench & Co', new Date()) };
    await scope(() => new MikroOrmPracticeStore(orm.em).create(practice, { platform: 'shell', workspaceId: 'bench' }));
    const user: User = { id: asId('bench-user'), practiceId: practice.id, displayName: 'Bench', role: 'admin', identities: [], createdAt: new Date() };
    const actor: Actor = { practice, user };
    for (const [name, price] of [['Accounts', { price: '1200' }], ['Bookkeeping', { price: '250', billing: 'monthly' }], ['Payroll', { 'unit-price': '12', unit: 'active employee', minimum: '60', billing: 'monthly' }]] as const) {
      must(await scope(() => uc.services.add(actor, { name, ...price })));
    }

    const started = performance.now();
    for (let i = 0; i < proposalCount; i++) {
      const ref = `P-${must(await scope(() => uc.drafting.create(actor, `Client ${i}`))).proposal.number}`;
      for (const tier of ['Bronze', 'Silver', 'Gold']) must(await scope(() => uc.drafting.addService(actor, 'Accounts', { tier, proposal: ref })));
      must(await scope(() => uc.drafting.addService(actor, 'Bookkeeping', { tier: 'Silver', proposal: ref })));
      must(await scope(() => uc.drafting.addService(actor, 'Payroll', { tier: 'Gold', qty: '8', proposal: ref })));
    }
    const createMs = performance.now() - started;

    const tokens: string[] = [];
    for (let i = 1; i <= accepts + 1; i++) tokens.push(must(await scope(() => uc.sending.send(actor, `P-${i}`))).link.split('/p/')[1]!);

    app.addHook('onRequest', (_req, _reply, done) => RequestContext.create(orm.em, done));
    for (const route of routes) await app.register(async (scope) => route(scope));
    const base = await app.listen({ host: '127.0.0.1', port: 0 });

    const pageUrl = `${base}/p/${tokens[0]}`;
    await readForm(pageUrl);
    const times: number[] = [];
    for (let i = 0; i < renders; i++) {
      const t = performance.now();
      const res = await fetch(pageUrl);
      await res.text();
      if (res.status !== 200) throw new Error(`page returned ${res.status}`);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);

    const forms: ({ token: string } & Awaited<ReturnType<typeof readForm>>)[] = [];
    for (const token of tokens.slice(1)) forms.push({ token, ...(await readForm(`${base}/p/${token}`)) });
    let next = 0;
    let failures = 0;
    const acceptStarted = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < forms.length) {
        const f = forms[next++]!;
        const res = await fetch(`${base}/p/${f.token}/accept`, {
          method: 'POST', headers: { cookie: f.cookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ csrf: f.csrf, content: f.content, tier: f.tier, name: 'Bench Signer', agree: 'yes' }).toString(),
        });
        await res.text();
        if (res.status !== 200) failures++;
      }
    }));
    const acceptSeconds = (performance.now() - acceptStarted) / 1000;
    if (failures || acceptedCount() !== accepts) throw new Error(`${failures} accept requests failed; ${acceptedCount()} acceptances recorded`);

    return {
      'Store': 'MikroORM on embedded PostgreSQL, loopback HTTP',
      'Acceptance page render p50 (ms)': ms(percentile(times, 50)),
      'Acceptance page render p99 (ms)': ms(percentile(times, 99)),
      [`Accept requests, ${concurrency} concurrent, per sec`]: Math.round(accepts / acceptSeconds),
      [`Create ${proposalCount} three-option proposals (ms)`]: Math.round(createMs),
      'Proposals created per sec': Math.round(proposalCount / (createMs / 1000)),
      'RSS at the end MiB': Math.round(process.memoryUsage().rss / 1048576),
    };
  } finally {
    await app.close();
    await orm.close(true);
    await db.stop();
  }
}
