import Fastify, { type FastifyInstance } from 'fastify';
import { registerProposalPageRoutes } from '../../adapters/http/routes/proposal-page.js';
import type { Card } from '../../src/cards.js';
import { proposalWorld, tokenOf, type ProposalWorld } from './proposal-world.js';

export type PageApp = { app: FastifyInstance; world: ProposalWorld; token: string; link: string };

/**
 * A practice with a sent three-option proposal (one client-supplied name carrying a script) and the
 * acceptance page mounted on a fastify instance of its own.
 */
export async function pageApp(opts: { clientName?: string; rateLimit?: { max: number; timeWindowMs: number } } = {}): Promise<PageApp> {
  const world = await proposalWorld({ now: '2026-03-02T10:00:00Z' });
  await world.say('service add "Year-end accounts" price=1200 description="Statutory **accounts** <img src=x onerror=alert(1)>"');
  await world.say('service add Bookkeeping price=250 billing=monthly');
  await world.say('service add Payroll unit-price=12 unit="active employee" minimum=60 billing=monthly');
  await world.say('service add Handbook price=600 billing=on-completion');
  await world.say(`proposal new "${opts.clientName ?? 'Acme Ltd'}"`);
  for (const tier of ['Bronze', 'Silver', 'Gold']) await world.say(`proposal add "Year-end accounts" tier=${tier}`);
  await world.say('proposal add Bookkeeping tier=Silver');
  await world.say('proposal add Bookkeeping tier=Gold price=400');
  await world.say('proposal add Payroll tier=Gold qty=8');
  await world.say('proposal add Handbook addon=yes');
  await world.say('proposal edit cover="Dear {client},\n\nThank you for *choosing* {practice}."');
  const cards: readonly Card[] = await world.say('proposal send P-1');
  const link = cards[0]!.fields!.find((f) => f.label === 'Link')!.value;
  const app = Fastify({ logger: false });
  await registerProposalPageRoutes(app, { web: world.uc.web, csrfSecret: 'test-secret-test-secret-test-secret', ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}) });
  await app.ready();
  return { app, world, token: tokenOf(link), link };
}

/** Reads the hidden fields and cookie a browser would send back. */
export const formState = (html: string, setCookie: string | string[] | undefined) => ({
  csrf: /name="csrf" value="([^"]+)"/.exec(html)![1]!,
  content: /name="content" value="([^"]+)"/.exec(html)![1]!,
  tiers: [...html.matchAll(/name="tier" value="([^"]+)"/g)].map((m) => m[1]!),
  addOns: [...html.matchAll(/name="addon" value="([^"]+)"/g)].map((m) => m[1]!),
  cookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0]!,
});
