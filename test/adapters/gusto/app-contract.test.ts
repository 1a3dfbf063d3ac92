/** Gusto's adapters against the app adapter contract, over loopback to the Gusto sandbox. */
import { approveGustoConsent } from '../../../adapters/sandbox/gusto.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { gustoDeclaration, registerGusto } from '../../../adapters/gusto/registration.js';
import { startGustoApi } from '../../../src/compose-sandboxes.js';
import { appAdapterContract } from '../../contracts/app-adapter.contract.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';

const sum = (counts: Map<string, number>, part: string) => [...counts].reduce((n, [route, c]) => n + (route.includes(part) ? c : 0), 0);

appAdapterContract(gustoDeclaration(true), async () => {
  const api = await startGustoApi({ env: 'demo', sandboxCompanies: 10 });
  const sandbox = api.sandbox!;
  // A company with several contractors, read two to a page: Gusto counts employees in one call, so
  // its contractor list is where paging shows.
  const big = sandbox.companies().find((c) => c.contractors.length >= 3)!;
  const registered = registerGusto({ api, pageSize: 2 }, {
    publicUrl: 'https://bot.test', flags: new InMemoryPracticeFlags(), secrets: createSecretBox(Buffer.alloc(32, 5)),
    redirectUri: (app) => `https://bot.test/oauth/${app}/callback`, webhookUrl: (app) => `https://bot.test/webhooks/${app}`,
  });
  return {
    registered,
    approve: async (url) => {
      const back = await approveGustoConsent(url, { company: big.uuid });
      return new URL(back.headers.get('location')!).searchParams.get('code')!;
    },
    refreshGrants: () => sandbox.calls.byRoute.get('POST /oauth/token') ?? 0,
    pagesServed: () => sum(sandbox.calls.byRoute, '/contractors'),
    rateLimitNext: (seconds) => sandbox.faults.rateLimit(1, seconds),
    recordsPerAccount: 1,
    close: () => api.close(),
  };
});
