import type { OutboxEntry } from '../../domain/outbox/entry.js';
import type { WriteFailure } from '../../domain/outbox/retry.js';
import type { CreatedJob } from '../../domain/jobs/ports.js';
import { plural } from '../../domain/shared/plural.js';
import { card, errorCard, type Card } from '../cards.js';
import { failureSentence } from '../outbox/cards.js';
import { proposalThread } from '../threads.js';
import type { JobWritePayload } from './reconcile.js';

/** "1 Apr 2026": a job's dates as cards print them (calendar dates, no zone to convert). */
const day = (iso: string): string =>
  new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

const period = (p: JobWritePayload): string => (p.period === 'once' ? `from ${day(p.startDate)}, due ${day(p.dueDate)}` : `for the period from ${day(p.startDate)} to ${day(p.dueDate)}`);

/** `job.created`: which job, for whom, from which proposal, and a link to it in the app. */
export const jobCreatedCard = (p: JobWritePayload, appName: string, job: CreatedJob): Card => card(`Job ${job.number} created in ${appName}`, {
  tone: 'success',
  text: `*${p.name}* for *${p.clientName}* ${period(p)}, from the accepted proposal ${p.proposal}.`,
  fields: [{ label: 'Client', value: p.clientName }, { label: 'Job', value: job.number }, { label: 'Proposal', value: p.proposal }],
  ...(job.url ? { links: [{ label: `Open ${job.number} in ${appName}`, url: job.url }] } : {}),
  ...(p.proposal ? { buttons: [{ label: 'View proposal', command: `proposal show ${p.proposal}` }] } : {}),
  visibility: 'channel',
  thread: proposalThread(p.proposalId),
});

/** What a person does about it, read from what the app said; Retry always sends the same row again. */
const whatToFix = (appId: string, appName: string, failure: WriteFailure): string => {
  const said = (failure.reason ?? failure.message).toLowerCase();
  if (failure.kind === 'reconnect-needed') return `Reconnect ${appName} (\`connect ${appId}\`), then press Retry.`;
  if (/template/.test(said)) return `The service's job template is gone from ${appName}. Link the service to another (\`service edit NAME xpm-template=…\`), then press Retry.`;
  if (/client/.test(said)) return `Check the client in ${appName} (archived or deleted there?), then press Retry.`;
  if (/date/.test(said)) return `Check the service's schedule dates, then press Retry.`;
  if (failure.kind === 'rejected' || failure.kind === 'app-misconfigured') return `Fix what ${appName} names above, then press Retry.`;
  return `${appName} did not answer for several hours. Press Retry once it is back: the job is still made only once.`;
};

/**
 * `job.deployment_failed`: which job, client and proposal, what went wrong in plain words, what to
 * fix, and Retry (the same outbox row: a look-up by our marker runs first, so never a second job).
 */
export const jobDeploymentFailedCard = (e: OutboxEntry, appName: string, failure: WriteFailure): Card => {
  const p = e.payload as unknown as JobWritePayload;
  return {
    ...errorCard(`The ${p.name} job for ${p.clientName} didn't reach ${appName}`, `${failureSentence(appName, failure)}\n*What to fix:* ${whatToFix(e.app, appName, failure)}`, [
      { label: 'Retry', command: `retry-write ${e.id}`, style: 'primary' },
      ...(p.proposal ? [{ label: 'View proposal', command: `proposal show ${p.proposal}` }] : []),
    ]),
    fields: [
      { label: 'Client', value: p.clientName }, { label: 'Job', value: `${p.name}, ${period(p)}` },
      ...(p.proposal ? [{ label: 'Proposal', value: p.proposal }] : []), { label: 'Tries', value: plural(e.attempts, 'try', 'tries') },
    ],
    footer: `Our reference on the job in ${appName}: ${p.marker}.`,
    visibility: 'channel',
    thread: proposalThread(p.proposalId),
  };
};
