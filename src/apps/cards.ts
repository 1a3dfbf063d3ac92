import type { AppConnection, SyncCounts, SyncLevel } from '../../domain/practice/connection.js';
import { appWinsEveryField, dailyTimeText, type AccountResult, type AppDeclaration } from './app.js';

export type { AccountResult };
import { fieldLabel } from '../../domain/sync/client-values.js';
import type { FieldChange } from '../../domain/sync/link-state.js';
import { syncLevelName } from './registered.js';
import { card, type Card, type Row } from '../cards.js';
import { quoteArg } from '../commands/command.js';
import { plural } from '../../domain/shared/plural.js';
import type { OfferedSummary } from './offered-clients.js';

type App = Pick<AppDeclaration, 'id' | 'name' | 'sandbox' | 'account' | 'brings' | 'dailySync' | 'fields' | 'connectsPer'>;

/** Every card of an app says so when the data is its sandbox's, not a real account. */
export const sandboxed = (c: Card, app: Pick<AppDeclaration, 'name' | 'sandbox' | 'account'>): Card =>
  app.sandbox ? { ...c, title: `${c.title} (Sandbox)`, footer: [c.footer, `Sandbox ${app.name}: simulated ${app.account.many}, not a real account`].filter(Boolean).join(' · ') } : c;

const cap = (s: string) => `${s[0]!.toUpperCase()}${s.slice(1)}`;


const shown = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return '(empty)';
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).filter(Boolean).join(', ');
  return String(v);
};

const changeText = (c: FieldChange) => `${fieldLabel(c.field)}: ${shown(c.from)} → ${shown(c.to)}`;
const maxRows = 10;

const keptOut = (level: SyncLevel, ignored: readonly FieldChange[]) =>
  `Not applied (sync level: ${syncLevelName[level]}):\n${ignored.map(changeText).join('\n')}`;

export const progressCard = (app: App, done: number, total: number): Card =>
  sandboxed(card(`Syncing ${app.name}…`, {
    tone: 'info',
    text: `${done} of ${plural(total, app.account.one, app.account.many)} checked. I'll post the result here when it's done.`,
  }), app);

/** What a client the app archived or deleted means here, and what a person may do about it. */
const goneText = (app: App, state: 'archived' | 'deleted') => state === 'archived'
  ? `Archived in ${app.name}: the client and its link stay here and its changes still go there. If it has left the practice, stop syncing it.`
  : `Deleted in ${app.name}: the client stays here, but ${app.name} takes no more changes for it. Stop syncing it, or archive it here if it has left.`;

const resultRows = (app: App, results: readonly AccountResult[]): Row[] => {
  const rows: Row[] = [];
  // First, so a long list of updates never hides what a person has to decide.
  for (const r of results) {
    if (r.kind !== 'gone') continue;
    rows.push({
      title: `${r.state === 'archived' ? 'Archived' : 'Deleted'} in ${app.name}: ${r.client}`, text: goneText(app, r.state),
      buttons: [{ label: 'Show client', command: `client show ${quoteArg(r.client)}` }, { label: `Stop syncing with ${app.name}`, command: `client-sync ${quoteArg(r.client)} ${app.id} none` }],
    });
  }
  for (const r of results) {
    if (r.kind === 'failed') {
      rows.push({ title: `Failed: ${r.company}`, text: r.reason, ...(r.reconnect ? { buttons: [{ label: 'Reconnect', command: `connect ${app.id}`, style: 'primary' as const }] } : {}) });
    } else if (r.kind === 'updated') {
      rows.push({ title: `Updated: ${r.client}`, text: [r.changes.map(changeText).join('\n'), r.ignored.length ? keptOut(r.level, r.ignored) : ''].filter(Boolean).join('\n') });
    } else if (r.kind === 'skipped') {
      rows.push({ title: `Not updated: ${r.client}`, text: keptOut(r.level, r.ignored), buttons: [{ label: `Let ${app.name} update it`, command: `client-sync ${quoteArg(r.client)} ${app.id} all` }] });
    } else if (r.kind === 'created') rows.push({ title: `New client: ${r.client}` });
  }
  const extra = rows.length - maxRows;
  return extra > 0 ? [...rows.slice(0, maxRows), { title: `…and ${extra} more`, text: 'Every change is in the audit log.' }] : rows;
};

/** "2 clients have changes in Gusto that their sync level kept out…"; empty when none. */
const keptOutLine = (app: App, skipped: number, noun: string): string => skipped
  ? `${plural(skipped, `${noun} has`, `${noun}s have`)} changes in ${app.name} that ${skipped === 1 ? 'its' : 'their'} sync level kept out; the rows below say what.`
  : '';

/** "Archived in XPM: A, B; deleted in XPM: C." for linked clients the app no longer lists; empty when none. */
const goneLine = (app: App, results: readonly AccountResult[]): string => {
  const names = (state: 'archived' | 'deleted') => results.flatMap((r) => (r.kind === 'gone' && r.state === state ? [r.client] : []));
  const list = (xs: string[]) => (xs.length > 5 ? `${xs.slice(0, 5).join(', ')} and ${xs.length - 5} more` : xs.join(', '));
  const archived = names('archived'), deleted = names('deleted');
  const parts = [archived.length ? `archived in ${app.name}: ${list(archived)}` : '', deleted.length ? `deleted in ${app.name}: ${list(deleted)}` : ''].filter(Boolean);
  return parts.length ? `${cap(parts.join('; '))}. Nothing was removed here; the rows below say what to do.` : '';
};

/** The headline: what changed here, what the sync levels kept out, and what could not be read. */
const headline = (app: App, counts: SyncCounts, total: number, seconds: number): string => {
  // An app connected once per practice brings many clients per account: the results count those.
  const each = app.connectsPer === 'client' ? app.account : { one: 'client', many: 'clients' };
  const checked = `Checked ${plural(total, `${app.name} ${each.one}`, `${app.name} ${each.many}`)} in ${seconds.toFixed(1)} s.`;
  const changed = counts.created + counts.updated > 0;
  const kept = keptOutLine(app, counts.skipped, 'client');
  const said = changed
    ? appWinsEveryField(app)
      ? `${app.name} is the source of truth: synced fields now match it, and every overwritten value is in the audit log.`
      : `Each field changed on one side was copied to the other, and every overwritten value is in the audit log; fields both sides changed wait for you under \`conflicts\`.`
    : counts.skipped ? 'Nothing changed here.' : counts.failed ? `Nothing changed in the ${app.account.many} that could be read.` : `Everything already matched ${app.name}, so nothing changed.`;
  return [checked, said, kept].filter(Boolean).join(' ') + (counts.failed ? `\nSome ${app.account.many} could not be read; the rows below say why.` : '');
};

/** The sync result: counts, what changed (with old → new), what the sync levels kept out, what failed and what to do about it. */
export const syncResultCard = (app: App, counts: SyncCounts, results: readonly AccountResult[], seconds: number): Card => {
  const total = counts.created + counts.updated + counts.unchanged + counts.skipped + counts.failed;
  const failed = counts.failed > 0;
  const gone = goneLine(app, results);
  return sandboxed(card(failed ? `${app.name} sync finished with problems` : `${app.name} sync finished`, {
    tone: failed || gone ? 'warning' : 'success',
    text: [headline(app, counts, total, seconds), gone].filter(Boolean).join('\n'),
    fields: [
      { label: 'Created', value: String(counts.created) },
      { label: 'Updated', value: String(counts.updated) },
      { label: 'Unchanged', value: String(counts.unchanged) },
      { label: 'Not updated (sync level)', value: String(counts.skipped) },
      { label: 'Failed', value: String(counts.failed) },
    ],
    rows: resultRows(app, results),
    buttons: [
      { label: 'Show clients', command: 'clients' },
      { label: 'Sync again', command: `sync ${app.id}` },
      { label: 'Apps', command: 'apps' },
    ],
    footer: `A client not updating? Its sync level decides what ${app.name} may change: \`client-sync CLIENT ${app.id} all|names|none\`.`,
    visibility: 'channel',
  }), app);
};

/** Lines of an app that offers its clients: each linked record it deleted, with what that means for invoices. */
const deletedRows = (app: App, deleted: OfferedSummary['deletedLinked']): Row[] => deleted.map((x) => ({
  title: `Deleted in ${app.name}: ${x.record}`,
  text: `Still linked to client ${x.client}, so its invoices wait: ${app.name} takes none for a deleted contact. Map ${x.client} to another: \`client map ${quoteArg(x.client)} ${app.id} …\`.`,
  buttons: [{ label: 'Map to another contact', command: `client map ${x.clientId} ${app.id}` }],
}));

/**
 * The sync result of an app whose clients are offered for import (a ledger's customers): how many new
 * ones wait to be imported, which linked clients' names changed, and which linked records the app deleted.
 */
export const offeredSyncResultCard = (app: App, counts: SyncCounts, results: readonly AccountResult[], offered: readonly OfferedSummary[], seconds: number): Card => {
  const sum = (k: 'newToImport' | 'linkedNotSynced') => offered.reduce((n, o) => n + o[k], 0);
  const fresh = sum('newToImport');
  const held = sum('linkedNotSynced');
  const deleted = offered.flatMap((o) => o.deletedLinked);
  const nothing = !fresh && !deleted.length && !held && counts.updated + counts.skipped + counts.failed === 0;
  const lines = [
    fresh ? `${plural(fresh, `new ${app.name} customer is`, `new ${app.name} customers are`)} ready to import.` : '',
    counts.updated ? `${plural(counts.updated, 'linked client was', 'linked clients were')} renamed as in ${app.name}; every old name is in the audit log.` : '',
    keptOutLine(app, counts.skipped, 'linked client'),
    held ? `${plural(held, 'linked client has', 'linked clients have')} changes in ${app.name} that stay out while name sync is off (\`${app.id} settings sync-names=yes\`).` : '',
    deleted.length ? `${plural(deleted.length, 'linked client was', 'linked clients were')} deleted in ${app.name}; the links are kept, the rows below say what that means.` : '',
    nothing ? `Nothing new in ${app.name} since the last sync.` : '',
    counts.failed ? `Some ${app.account.many} could not be read; the rows below say why.` : '',
  ];
  return sandboxed(card(counts.failed ? `${app.name} sync finished with problems` : `${app.name} sync finished`, {
    tone: counts.failed || deleted.length ? 'warning' : 'success',
    text: [`Checked ${app.name} in ${seconds.toFixed(1)} s.`, ...lines].filter(Boolean).join('\n'),
    fields: [
      { label: 'New to import', value: String(fresh) },
      { label: 'Names updated', value: String(counts.updated) },
      { label: `Deleted in ${app.name}, still linked`, value: String(deleted.length) },
      ...(counts.failed ? [{ label: 'Failed', value: String(counts.failed) }] : []),
    ],
    rows: [...deletedRows(app, deleted), ...resultRows(app, results)],
    buttons: [
      ...(fresh ? [{ label: `Import ${app.name} customers`, command: `clients import ${app.id}`, style: 'primary' as const }] : []),
      { label: 'Sync again', command: `sync ${app.id}` },
      { label: 'Apps', command: 'apps' },
    ],
    visibility: 'channel',
  }), app);
};

export const syncFailedCard = (app: App, reason: string): Card =>
  sandboxed(card(`${app.name} sync failed`, {
    tone: 'error',
    text: `The sync could not run: ${reason}. Nothing was changed. It will run again at the next scheduled time, or you can try now.`,
    buttons: [{ label: 'Try again', command: `sync ${app.id}`, style: 'primary' }, { label: 'Apps', command: 'apps' }],
    visibility: 'channel',
  }), app);

/**
 * A sync cut off by the bot process running it stopping (a crash, a kill, a redeploy). `resumed`
 * when another process has already taken the same work over.
 */
export const syncInterruptedCard = (app: App, startedAt: string, resumed: boolean): Card =>
  sandboxed(card(`${app.name} sync interrupted`, {
    tone: 'warning',
    text: `The sync that started ${startedAt} stopped before it finished, because the bot process running it stopped. ` +
      `${cap(app.account.many)} it had reached are up to date; the rest are as they were. ` +
      (resumed ? 'Another bot process has taken the sync over and is running it again now: its result will follow here.' : 'Sync again to finish the job.'),
    buttons: resumed ? [{ label: 'Apps', command: 'apps' }] : [{ label: 'Sync again', command: `sync ${app.id}`, style: 'primary' }, { label: 'Apps', command: 'apps' }],
    visibility: 'channel',
  }), app);

export const needsReconnectCard = (app: App, c: AppConnection, reason: string): Card =>
  sandboxed(card(`${app.name} needs reconnecting: ${c.label}`, {
    tone: 'error',
    text: `${reason}. Until an admin reconnects, ${c.label} is not synced and Smart Billing for it holds invoices for approval.\n` +
      `Reconnecting takes a minute: sign in to ${app.name} and authorise this ${app.account.one} again.`,
    buttons: [{ label: 'Reconnect', command: `connect ${app.id}`, style: 'primary' }, { label: 'Disconnect', command: `disconnect ${app.id} ${quoteArg(c.label)}`, style: 'danger' }],
    visibility: 'channel',
  }), app);

export const nothingToSyncCard = (app: App, hasConnections: boolean): Card =>
  sandboxed(card(hasConnections ? `No ${app.name} ${app.account.one} to sync` : `${app.name} is not connected`, {
    tone: 'warning',
    text: hasConnections
      ? `Every connected ${app.name} ${app.account.one} needs reconnecting, so there was nothing I could sync. Reconnect them and sync again.`
      : `Connect a ${app.name} ${app.account.one} first: its ${app.brings} then sync here every morning at ${dailyTimeText(app)}.`,
    buttons: [{ label: hasConnections ? 'Reconnect' : `Connect ${app.name}`, command: `connect ${app.id}`, style: 'primary' }, { label: 'Apps', command: 'apps' }],
  }), app);

/** `sync APP` for an app that only receives (a ledger taking invoices): there is nothing of its to bring in. */
export const noClientsToSyncCard = (app: App): Card =>
  sandboxed(card(`${app.name} has nothing to sync`, {
    tone: 'info',
    text: `${app.name} receives what the bot sends it (${app.brings}); it brings no clients here, so there is nothing to sync.`,
    buttons: [{ label: 'Invoices', command: 'invoices' }, { label: 'Apps', command: 'apps' }],
  }), app);

/** `sync` with no app named, and no app connected. */
export const noAppConnectedCard = (apps: readonly Pick<AppDeclaration, 'id' | 'name'>[]): Card =>
  card('No app is connected', {
    tone: 'warning',
    text: 'There is nothing to sync yet: connect an app first, and it syncs right away and then every day.',
    buttons: [...apps.map((a) => ({ label: `Connect ${a.name}`, command: `connect ${a.id}` })), { label: 'Apps', command: 'apps' }],
  });
