/**
 * XPM's registration against a fresh XPM sandbox over loopback, connected as the shared connect does
 * it (consent, code exchange, the practice chosen): the set-up the registration-level tests share.
 */
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { approveXpmConsent } from '../../../adapters/sandbox/xpm.js';
import { registerXpm, type XpmSettings } from '../../../adapters/xpm/registration.js';
import type { PracticeFlags } from '../../../domain/apps/ports.js';
import type { AppConnection } from '../../../domain/practice/connection.js';
import { asId, type PracticeId } from '../../../domain/shared/ids.js';
import type { RegistrationContext } from '../../../src/compose-apps.js';
import { startXpmApi } from '../../../src/compose-sandboxes.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';

/** What a registration binds to in these tests: a bot at bot.test, flags in memory. */
export const xpmTestContext = (flags: PracticeFlags = new InMemoryPracticeFlags()): RegistrationContext => ({
  publicUrl: 'https://bot.test', flags, secrets: createSecretBox(Buffer.alloc(32, 7)),
  redirectUri: (app) => `https://bot.test/oauth/${app}/callback`, webhookUrl: (app) => `https://bot.test/webhooks/${app}`,
});

/** A sandbox, XPM registered against it with `settings`, and the practice connected for `practiceId`. */
export async function connectedXpm(practiceId: PracticeId, settings: Omit<XpmSettings, 'host'>, flags?: PracticeFlags) {
  const host = await startXpmApi({});
  const xpm = registerXpm({ host, ...settings }, xpmTestContext(flags));
  const { auth, accounts } = xpm.adapters;
  const back = await approveXpmConsent(auth.authorizeUrl('state-1'));
  const tokens = await auth.exchangeCode(new URL(back.headers.get('location')!).searchParams.get('code')!, new Date());
  if (!tokens.ok) throw new Error(tokens.error.detail);
  const granted = await accounts!(tokens.value.accessToken);
  if (!granted.ok) throw new Error(granted.error.detail);
  const [practice] = granted.value;
  const connection: AppConnection = {
    id: asId('conn-xpm'), practiceId, provider: 'xpm', externalId: practice!.externalId, label: practice!.label,
    status: 'active', tokens: tokens.value, settings: {}, connectedAt: new Date(),
  };
  return { host, xpm, connection };
}
