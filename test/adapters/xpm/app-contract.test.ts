/** XPM's registration against the app adapter contract, over loopback to the XPM sandbox (small practice). */
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { approveXpmConsent } from '../../../adapters/sandbox/xpm.js';
import { registerXpm, xpmDeclaration } from '../../../adapters/xpm/registration.js';
import { startXpmApi } from '../../../src/compose-sandboxes.js';
import { appAdapterContract } from '../../contracts/app-adapter.contract.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';

const sum = (counts: Map<string, number>, part: string) => [...counts].reduce((n, [route, c]) => n + (route.includes(part) ? c : 0), 0);

appAdapterContract(xpmDeclaration(true), async () => {
  const host = await startXpmApi({});
  const sandbox = host.sandbox!;
  // The sandbox dates its edits by the real clock, so the registration reads by it too.
  const registered = registerXpm({ host, clock: { now: () => new Date() }, pageSize: 10 }, {
    publicUrl: 'https://bot.test', flags: new InMemoryPracticeFlags(), secrets: createSecretBox(Buffer.alloc(32, 5)),
    redirectUri: (app) => `https://bot.test/oauth/${app}/callback`, webhookUrl: (app) => `https://bot.test/webhooks/${app}`,
  });
  // The sandbox counts API calls only; a refresh grant is counted where the bot asks for one.
  const { auth } = registered.adapters;
  let refreshes = 0;
  const counted = { ...registered, adapters: { ...registered.adapters, auth: { ...auth, refresh: (t: string, at: Date) => { refreshes++; return auth.refresh(t, at); } } } };
  return {
    registered: counted,
    approve: async (url) => {
      const back = await approveXpmConsent(url);
      return new URL(back.headers.get('location')!).searchParams.get('code')!;
    },
    refreshGrants: () => refreshes,
    pagesServed: () => sum(sandbox.calls.byRoute, '/client.api/list') + sum(sandbox.calls.byRoute, '/client.api/paged-list'),
    rateLimitNext: (seconds) => sandbox.faults.rateLimit(1, seconds),
    // Archived and deleted clients are not brought in.
    recordsPerAccount: sandbox.clients().filter((c) => !c.isArchived && !c.isDeleted).length,
    // XPM keeps no reference of ours on a client: a client is found by its exact name, the contract's client's.
    recordsWithReference: async () => sandbox.clients().filter((c) => c.name === 'Contract Client Ltd' && !c.isDeleted).length,
    // XPM makes a client only when a lead accepts a proposal (an on-acceptance write, tested in
    // test/adapters/xpm/job-writer.test.ts and test/e2e/xpm-jobs.test.ts), never for a field change.
    notYet: { clientCreate: 'XPM makes a client only when a lead accepts a proposal, not from a field change' },
    close: () => host.close(),
  };
});
