/** The fake app's adapters against the app adapter contract, as every real app's must pass it. */
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { appAdapterContract } from '../../contracts/app-adapter.contract.js';
import { InMemoryPracticeFlags } from '../in-memory-apps.js';
import { fakeAppDeclaration, registerFakeApp } from './registration.js';
import { FakeOutsideApp } from './service.js';

appAdapterContract(fakeAppDeclaration, async () => {
  const fake = new FakeOutsideApp(['Alpha Ltd', 'Beta LLP', 'Gamma Co', 'Delta Inc', 'Epsilon Ltd'].map((name) => ({ name })));
  const registered = registerFakeApp(fake, {
    publicUrl: 'https://bot.test', flags: new InMemoryPracticeFlags(), secrets: createSecretBox(Buffer.alloc(32, 5)),
    redirectUri: (app) => `https://bot.test/oauth/${app}/callback`, webhookUrl: (app) => `https://bot.test/webhooks/${app}`,
  }, { clock: { now: () => new Date() } });
  return {
    registered,
    approve: async (url) => new URL(fake.approve(url)).searchParams.get('code')!,
    refreshGrants: () => fake.calls.filter((c) => c === 'POST /token refresh_token').length,
    pagesServed: () => fake.calls.filter((c) => c === 'GET /clients').length,
    rateLimitNext: (seconds) => fake.throttleNext(1, seconds),
    recordsPerAccount: 5,
    recordsWithReference: async (reference) => [...fake.records.values()].filter((r) => r.reference === reference).length,
    close: async () => {},
  };
});
