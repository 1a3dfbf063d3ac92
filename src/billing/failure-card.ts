import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { WriteFailure } from '../../domain/outbox/retry.js';
import { plural } from '../../domain/shared/plural.js';
import { failureSentence } from '../outbox/cards.js';
import { errorCard, type Card } from '../cards.js';
import type { InvoiceWritePayload } from './deploy.js';

/** What a person does about a refusal, read from what the ledger said; Retry always sends the same row again. */
const whatToFix = (appId: string, appName: string, failure: WriteFailure): string => {
  const said = (failure.reason ?? failure.message).toLowerCase();
  if (failure.kind === 'reconnect-needed') return `Reconnect ${appName} (\`connect ${appId}\`), then press Retry.`;
  if (/subscription/.test(said)) return `The ${appName} subscription has lapsed: renew it in ${appName}, then press Retry.`;
  if (/closed|lock ?down|lock date|locked/.test(said)) return `The invoice date falls in a period closed in ${appName}. Reopen the period (or move the lock date) in ${appName}, then press Retry.`;
  if (/not mapped|sales account|tax rate/.test(said)) return `Open the app settings, fix the mapping named above, then press Retry.`;
  if (/contact/.test(said)) return `Check the client's contact in ${appName} (or map the client to the right one), then press Retry.`;
  if (failure.kind === 'rejected' || failure.kind === 'app-misconfigured') return `Fix what ${appName} names above, then press Retry.`;
  return `${appName} did not answer for several hours. Press Retry once it is back: the invoice is still sent only once.`;
};

/**
 * `invoice.deployment_failed`: which invoice and client, what went wrong in plain words, what to
 * fix, and Retry (the same outbox row, never a second invoice), Open settings, View invoice.
 */
export const deploymentFailedCard = (e: OutboxEntry, appName: string, failure: WriteFailure): Card => {
  const p = e.payload as unknown as InvoiceWritePayload;
  return {
    ...errorCard(`Invoice ${p.reference} for ${p.client} didn't reach ${appName}`, `${failureSentence(appName, failure)}\n*What to fix:* ${whatToFix(e.app, appName, failure)}`, [
      { label: 'Retry', command: `retry-write ${e.id}`, style: 'primary' },
      { label: 'Open settings', command: `${e.app} settings` },
      { label: 'View invoice', command: `invoice show ${p.reference}` },
    ]),
    fields: [{ label: 'Client', value: p.client }, { label: 'Invoice', value: p.reference }, { label: 'Tries', value: plural(e.attempts, 'try', 'tries') }],
    footer: `Until it is fixed the invoice stays here, and a daily digest lists it with any other invoice not in ${appName}.`,
    visibility: 'channel',
  };
};
