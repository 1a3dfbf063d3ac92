/** Gusto's adapters against the app adapter contract, over loopback to the Gusto sandbox. */
import { approveGustoConsent } from '../../../adapters/sandbox/gusto.js';
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { gustoDeclaration, registerGusto, startGustoApi } from '../../../src/apps/registrations/gusto.js';
import { appAdapterContract } from '../../contracts/app-adapter.contract.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';

const sum = (counts: Map<string, number>, part: string) => [...counts].reduce((n, [route, c]) => n + (route.includes(part) ? c : 0), 0);

appAdapterContract(gustoDeclaration(true), async () => {
  const api = await startGustoApi({ env: 'demo', sandboxCompanies: 2 });
  const sandbox = api.sandbox!;
  // The second seeded company has 300 employees: three pages of Gusto's 100.
  const big = sandbox.companies()[1]!;
  const registered = registerGusto({ api }, {
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
    pagesServed: () => sum(sandbox.calls.byRoute, '/employees'),
    rateLimitNext: (seconds) => sandbox.faults.rateLimit(1, seconds),
    recordsPerAccount: 1,
    close: () => api.close(),
  };
});
