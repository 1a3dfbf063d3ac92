import type { OutboxEntry, WriteKind } from '../../domain/outbox/entry.js';
import type { WriteFailure } from '../../domain/outbox/retry.js';
import { plural } from '../../domain/shared/plural.js';
import { card, errorCard, type Card } from '../cards.js';
import type { NotificationEvent } from '../notify.js';

/** The event a write that gave up posts: `invoice.deployment_failed`, `job.deployment_failed`, … (chat posts post nothing about themselves). */
export const failedEventOf: Readonly<Record<Exclude<WriteKind, 'notification'>, NotificationEvent>> = {
  invoice: 'invoice.deployment_failed', job: 'job.deployment_failed', client: 'client.failed', contact: 'contact.failed',
};
/** The `<kind>.failed` events an install can post: one for each kind of write some registered app makes. */
export const failedEventsFor = (kinds: Iterable<string>): NotificationEvent[] =>
  [...new Set(kinds)].flatMap((k) => (Object.hasOwn(failedEventOf, k) ? [failedEventOf[k as keyof typeof failedEventOf]] : []));

const what = (e: OutboxEntry): string => `the ${e.kind} for ${e.sourceId}${e.period ? ` (${e.period})` : ''}`;

export const retryButton = (e: OutboxEntry) => ({ label: 'Retry', command: `retry-write ${e.id}`, style: 'primary' as const });

/** What failed, where, and why; Retry queues the same row again, so a later success can't make a second record. */
export const writeFailedCard = (e: OutboxEntry, appName: string, reason: string, forAPerson: boolean): Card => ({
  ...errorCard(`${appName}: ${e.kind} not written`, `${what(e)[0]!.toUpperCase()}${what(e).slice(1)} could not be written to ${appName}: ${reason}`, [retryButton(e)]),
  fields: [{ label: 'Tries', value: plural(e.attempts, 'try', 'tries') }, { label: 'Write', value: e.id }],
  footer: forAPerson ? `Fix this in ${appName} or in the bot's settings, then press Retry.` : `Tried ${plural(e.attempts, 'time')} over several hours; press Retry to try again.`,
  visibility: 'channel',
});

export const retryQueuedCard = (e: OutboxEntry, appName: string): Card =>
  card(`${appName}: ${e.kind} queued again`, { tone: 'info', text: `${what(e)[0]!.toUpperCase()}${what(e).slice(1)} will be written to ${appName} shortly.` });

export const retryRefusedCard = (id: string, why: 'not-found' | 'done' | 'queued', appName?: string): Card =>
  why === 'not-found' ? errorCard('No such write', `There is no write ${id} in this practice.`)
    : why === 'done' ? card(`Already written to ${appName ?? 'the app'}`, { tone: 'success', text: `Write ${id} has been made; there is nothing to retry.` })
      : card('Already queued', { tone: 'info', text: `Write ${id} is waiting for its next try; there is nothing to retry yet.` });

/**
 * What went wrong with a write given up, attributed to whoever said it: the bot's own refusal (a
 * failure with no app words, e.g. an unmapped tax rate found before sending) as it stands; the app's
 * refusal quoted once; a failure the app gave no refusal for (down, a dead connection) as the last try's error.
 */
export const failureSentence = (appName: string, failure: WriteFailure): string => {
  const said = failure.reason ?? failure.message;
  const sentence = failure.reason === undefined ? `${said[0]!.toUpperCase()}${said.slice(1)}`
    : said.startsWith(appName) ? said
    : failure.kind === 'rejected' || failure.kind === 'app-misconfigured' ? `${appName} said: ${said}`
    : `The last try failed: ${said}`;
  return sentence.endsWith('.') ? sentence : `${sentence}.`;
};
