import type { AppConnection, SyncCounts, SyncLevel } from '../../domain/practice/connection.js';
import { fieldLabel } from '../../domain/sync/client-values.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import { syncLevelName } from '../apps.js';
import { card, type Card, type Row } from '../cards.js';
import { quoteArg } from '../commands/command.js';
import { plural } from '../../domain/shared/plural.js';

/** Every Gusto card says so when the data is the sandbox's, not a real Gusto account. */
export const sandboxed = (c: Card, sandbox: boolean): Card =>
  sandbox ? { ...c, title: `${c.title} (Sandbox)`, footer: [c.footer, 'Sandbox Gusto: simulated companies, not a real account'].filter(Boolean).join(' · ') } : c;

/** `ignored`: what Gusto has that the client's sync level kept out of it. */
export type CompanyResult =
  | { readonly kind: 'created' | 'unchanged'; readonly company: string; readonly client: string }
  | { readonly kind: 'updated'; readonly company: string; readonly client: string; readonly changes: readonly FieldChange[]; readonly level: SyncLevel; readonly ignored: readonly FieldChange[] }
  | { readonly kind: 'skipped'; readonly company: string; readonly client: string; readonly level: SyncLevel; readonly ignored: readonly FieldChange[] }
  | { readonly kind: 'failed'; readonly company: string; readonly reason: string; readonly reconnect: boolean };

const shown = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '(empty)';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).filter(Boolean).join(', ');
  return String(v);
};

const changeText = (c: FieldChange) => `${fieldLabel(c.field)}: ${shown(c.from)} → ${shown(c.to)}`;
const maxRows = 10;

const keptOut = (level: SyncLevel, ignored: readonly FieldChange[]) =>
  `Not applied (sync level: ${syncLevelName[level]}):\n${ignored.map(changeText).join('\n')}`;

export const progressCard = (done: number, total: number, sandbox: boolean): Card =>
  sandboxed(card('Syncing Gusto…', {
    tone: 'info',
    text: `${done} of ${plural(total, 'company', 'companies')} checked. I'll post the result here when it's done.`,
  }), sandbox);

const resultRows = (results: readonly CompanyResult[]): Row[] => {
  const rows: Row[] = [];
  for (const r of results) {
    if (r.kind === 'failed') {
      rows.push({ title: `Failed: ${r.company}`, text: r.reason, ...(r.reconnect ? { buttons: [{ label: 'Reconnect', command: 'connect gusto', style: 'primary' as const }] } : {}) });
    } else if (r.kind === 'updated') {
      rows.push({ title: `Updated: ${r.client}`, text: [r.changes.map(changeText).join('\n'), r.ignored.length ? keptOut(r.level, r.ignored) : ''].filter(Boolean).join('\n') });
    } else if (r.kind === 'skipped') {
      rows.push({ title: `Not updated: ${r.client}`, text: keptOut(r.level, r.ignored), buttons: [{ label: 'Let Gusto update it', command: `client-sync ${quoteArg(r.client)} all` }] });
    } else if (r.kind === 'created') rows.push({ title: `New client: ${r.client}` });
  }
  const extra = rows.length - maxRows;
  return extra > 0 ? [...rows.slice(0, maxRows), { title: `…and ${extra} more`, text: 'Every change is in the audit log.' }] : rows;
};

/** The headline: what changed here, what the sync levels kept out, and what could not be read. */
const headline = (counts: SyncCounts, total: number, seconds: number): string => {
  const checked = `Checked ${plural(total, 'Gusto company', 'Gusto companies')} in ${seconds.toFixed(1)} s.`;
  const changed = counts.created + counts.updated > 0;
  const kept = counts.skipped
    ? `${plural(counts.skipped, 'client has', 'clients have')} changes in Gusto that ${counts.skipped === 1 ? 'its' : 'their'} sync level kept out; the rows below say what.`
    : '';
  const said = changed
    ? 'Gusto is the source of truth: synced fields now match it, and every overwritten value is in the audit log.'
    : counts.skipped ? 'Nothing changed here.' : counts.failed ? 'Nothing changed in the companies that could be read.' : 'Everything already matched Gusto, so nothing changed.';
  return [checked, said, kept].filter(Boolean).join(' ') + (counts.failed ? '\nSome companies could not be read; the rows below say why.' : '');
};

/** The sync result: counts, what changed (with old → new), what the sync levels kept out, what failed and what to do about it. */
export const syncResultCard = (counts: SyncCounts, results: readonly CompanyResult[], seconds: number, sandbox: boolean): Card => {
  const total = counts.created + counts.updated + counts.unchanged + counts.skipped + counts.failed;
  const failed = counts.failed > 0;
  return sandboxed(card(failed ? 'Gusto sync finished with problems' : 'Gusto sync finished', {
    tone: failed ? 'warning' : 'success',
    text: headline(counts, total, seconds),
    fields: [
      { label: 'Created', value: String(counts.created) },
      { label: 'Updated', value: String(counts.updated) },
      { label: 'Unchanged', value: String(counts.unchanged) },
      { label: 'Not updated (sync level)', value: String(counts.skipped) },
      { label: 'Failed', value: String(counts.failed) },
    ],
    rows: resultRows(results),
    buttons: [
      { label: 'Show clients', command: 'clients' },
      { label: 'Sync again', command: 'sync gusto' },
      { label: 'Apps', command: 'apps' },
    ],
    footer: 'A client not updating? Its sync level decides what Gusto may change: `client-sync CLIENT all|names|none`.',
    visibility: 'channel',
  }), sandbox);
};

export const syncFailedCard = (reason: string, sandbox: boolean): Card =>
  sandboxed(card('Gusto sync failed', {
    tone: 'error',
    text: `The sync could not run: ${reason}. Nothing was changed. It will run again at the next scheduled time, or you can try now.`,
    buttons: [{ label: 'Try again', command: 'sync gusto', style: 'primary' }, { label: 'Apps', command: 'apps' }],
    visibility: 'channel',
  }), sandbox);

/**
 * A sync cut off by the bot process running it stopping (a crash, a kill, a redeploy). `resumed`
 * when another process has already taken the same work over.
 */
export const syncInterruptedCard = (startedAt: string, resumed: boolean, sandbox: boolean): Card =>
  sandboxed(card('Gusto sync interrupted', {
    tone: 'warning',
    text: `The sync that started ${startedAt} stopped before it finished, because the bot process running it stopped. ` +
      'Companies it had reached are up to date; the rest are as they were. ' +
      (resumed ? 'Another bot process has taken the sync over and is running it again now: its result will follow here.' : 'Sync again to finish the job.'),
    buttons: resumed ? [{ label: 'Apps', command: 'apps' }] : [{ label: 'Sync again', command: 'sync gusto', style: 'primary' }, { label: 'Apps', command: 'apps' }],
    visibility: 'channel',
  }), sandbox);

export const needsReconnectCard = (c: AppConnection, reason: string, sandbox: boolean): Card =>
  sandboxed(card(`Gusto needs reconnecting: ${c.label}`, {
    tone: 'error',
    text: `${reason}. Until an admin reconnects, ${c.label} is not synced and Smart Billing for it holds invoices for approval.\n` +
      'Reconnecting takes a minute: sign in to Gusto and authorise this company again.',
    buttons: [{ label: 'Reconnect', command: 'connect gusto', style: 'primary' }, { label: 'Disconnect', command: `disconnect gusto "${c.label}"`, style: 'danger' }],
    visibility: 'channel',
  }), sandbox);

export const nothingToSyncCard = (hasConnections: boolean, sandbox: boolean): Card =>
  sandboxed(card(hasConnections ? 'No Gusto company to sync' : 'Gusto is not connected', {
    tone: 'warning',
    text: hasConnections
      ? 'Every connected Gusto company needs reconnecting, so there was nothing I could sync. Reconnect them and sync again.'
      : 'Connect a Gusto company first: its details and active employee count then sync here every morning at 6am.',
    buttons: [{ label: hasConnections ? 'Reconnect' : 'Connect Gusto', command: 'connect gusto', style: 'primary' }, { label: 'Apps', command: 'apps' }],
  }), sandbox);
