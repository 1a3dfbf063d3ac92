/** Sage's registration against the app adapter contract, over loopback to the Sage sandbox. */
import { createSecretBox } from '../../../adapters/db/secret-box.js';
import { registerSage, sageDeclaration } from '../../../adapters/sage/registration.js';
import { approveSageConsent } from '../../../adapters/sandbox/sage.js';
import type { InvoiceWritePayload } from '../../../src/billing/deploy.js';
import { startSageApi } from '../../../src/compose-sandboxes.js';
import { appAdapterContract } from '../../contracts/app-adapter.contract.js';
import { InMemoryPracticeFlags } from '../../fakes/in-memory-apps.js';
import { recordingDeployment } from './recording-deployment.js';

appAdapterContract(sageDeclaration(true), async () => {
  const host = await startSageApi({});
  const sandbox = host.sandbox!;
  const uk = sandbox.businesses().find((b) => b.country === 'GB')!;
  // What billing would send for the row: the client's name, one 20 % line on Sales Type A (4000).
  const { deployment } = recordingDeployment((entry) => {
    const { reference, client } = entry.payload as unknown as InvoiceWritePayload;
    return {
      reference, date: '2026-06-15', dueDate: '2026-07-15', customer: { name: client, email: null, ledgerId: null },
      lines: [{ description: 'Monthly bookkeeping', ledgerAccount: '4000', quantity: 1, unitPrice: 25000, netAmount: 25000, taxRateId: 'GB_STANDARD', taxAmount: 5000 }],
    };
  });
  const registered = registerSage({ host, deployment }, {
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
      const back = await approveSageConsent(url);
      return new URL(back.headers.get('location')!).searchParams.get('code')!;
    },
    refreshGrants: () => refreshes,
    rateLimitNext: (seconds) => sandbox.faults.rateLimit(1, seconds),
    recordsWithReference: async (reference) => sandbox.invoices(uk.id).filter((i) => i.reference === reference).length,
    close: () => host.close(),
  };
});
