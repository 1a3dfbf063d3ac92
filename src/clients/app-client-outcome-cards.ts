import type { Client } from '../../domain/practice/client.js';
import type { AppClient } from '../../domain/sync/app-client.js';
import { hasSameName, reasonsText, type RecordMatches } from '../../domain/sync/duplicates.js';
import { plural } from '../../domain/shared/plural.js';
import { sandboxed } from '../apps/cards.js';
import { card, type Button, type Card, type Row } from '../cards.js';
import type { ImportApp } from './app-client-access.js';
import type { BulkReport } from './app-client-bulk.js';
import { appClientErrorCard } from './app-client-error-cards.js';
import { decisionButtons, importCommand, recordDetails, showClient } from './app-client-cards.js';
import type { ConvertOutcome, Linked } from './app-clients.js';

const backToList = (app: ImportApp): Button => ({ label: 'Back to the import list', command: importCommand(app) });

/** An exact duplicate: Link instead of Convert, saying why it is the same client. */
export function duplicateCard(app: ImportApp, record: AppClient, matches: RecordMatches): Card {
  const first = matches.duplicates[0]!;
  const several = matches.duplicates.length > 1;
  return sandboxed(card(several ? `${record.name} may be one of ${matches.duplicates.length} clients here` : `${record.name} is already here as ${first.client.name}`, {
    tone: 'warning',
    text: several
      ? `More than one client here has its name or email. Link the right one rather than making another client.`
      : `Client ${first.client.name} has ${reasonsText(first.reasons)}. Link them instead of converting, so there is one client` +
        `${hasSameName(first) ? '' : ', or import it as new if it is another business using that address'}. Nothing was created.`,
    rows: matches.duplicates.map((c) => ({ title: c.client.name, text: `Same as client ${c.client.name}: ${reasonsText(c.reasons)}` })),
    buttons: [...decisionButtons(app, { record, matches: { duplicates: matches.duplicates, possible: [] } }), backToList(app)],
  }), app);
}

/** Possible matches: a person says Link, Not the same or Import as new; nothing happens without a click. */
export function possibleMatchCard(app: ImportApp, record: AppClient, matches: RecordMatches): Card {
  const rows: Row[] = matches.possible.map((c) => ({
    title: `Looks like client ${c.client.name}`,
    text: `Why: ${reasonsText(c.reasons)}`,
    buttons: [
      { label: 'Link', command: importCommand(app, 'link', record.externalId, c.client.id), style: 'primary' },
      { label: 'Not the same', command: importCommand(app, 'not-same', record.externalId, c.client.id) },
    ],
  }));
  const details = recordDetails(record);
  return sandboxed(card(`Is ${app.name} client ${record.name} one you have?`, {
    tone: 'warning',
    text: `It looks like ${plural(matches.possible.length, 'client')} here${details ? ` (${details})` : ''}. Link it to the right one, say which are not the same (they won't be suggested again), or import it as a new client. Nothing was created.`,
    rows,
    buttons: [
      { label: 'Import as new', command: importCommand(app, 'convert', record.externalId, 'new') },
      { label: "Don't import", command: importCommand(app, 'skip', record.externalId) },
      backToList(app),
    ],
  }), app);
}

export function convertCard(o: ConvertOutcome): Card {
  switch (o.kind) {
    case 'duplicate': return duplicateCard(o.app, o.record, { duplicates: o.duplicates, possible: [] });
    case 'possible': return possibleMatchCard(o.app, o.record, { duplicates: [], possible: o.possible });
    case 'created':
      return sandboxed(card(`Imported ${o.client.name}`, {
        tone: 'success',
        text: `${o.app.name} client ${o.record.name} is now a client here, linked so it syncs with ${o.app.name}, and invoices for it go to this ${o.app.name} client.`,
        buttons: [showClient(o.client), backToList(o.app)],
      }), o.app);
  }
}

export const linkedCard = ({ app, record, client }: Linked): Card =>
  sandboxed(card(`Linked ${record.name} to ${client.name}`, {
    tone: 'success',
    text: `${app.name} client ${record.name} and client ${client.name} are now one: it syncs with ${app.name}, and invoices for ${client.name} go to ${record.name}.`,
    buttons: [showClient(client), backToList(app)],
  }), app);

export const hiddenCard = (app: ImportApp, record: AppClient, hidden: boolean): Card =>
  sandboxed(card(hidden ? `${record.name} won't be imported` : `${record.name} is back in the import list`, {
    tone: 'success',
    text: hidden ? 'It stays out of the import list, and out of Import all, until you bring it back.' : 'Convert it, link it or leave it out again whenever you like.',
    buttons: hidden
      ? [{ label: 'Bring back', command: importCommand(app, 'unskip', record.externalId) }, backToList(app)]
      : [{ label: 'Convert', command: importCommand(app, 'convert', record.externalId), style: 'primary' }, backToList(app)],
  }), app);

/** "Not the same" noted; what the record still may match, or Convert when nothing is left. */
export function notSameCard(app: ImportApp, record: AppClient, client: Client, matches: RecordMatches): Card {
  const noted = `Noted: ${app.name} client ${record.name} is not ${client.name}. That pair won't be suggested again.`;
  if (matches.duplicates.length) return { ...duplicateCard(app, record, matches), text: `${noted}\n${duplicateCard(app, record, matches).text ?? ''}` };
  if (matches.possible.length) return { ...possibleMatchCard(app, record, matches), text: `${noted}\n${possibleMatchCard(app, record, matches).text ?? ''}` };
  return sandboxed(card(`${record.name} is not ${client.name}`, {
    tone: 'success',
    text: `${noted} Nothing else here looks like it, so you can import it as a new client.`,
    buttons: [...decisionButtons(app, { record, matches }), backToList(app)],
  }), app);
}

const shownWaiting = 10;

/** `… all`: counts, then one card for each record that waits for a person (the first ten). */
export function bulkReportCards(r: BulkReport): Card[] {
  const { app } = r;
  const more = r.waiting.length - shownWaiting;
  const report = sandboxed(card(`Imported ${app.name} clients`, {
    tone: r.failed.length ? 'warning' : 'success',
    text: [
      `Made ${plural(r.converted.length, 'new client')} and linked ${plural(r.linked.length, `${app.name} client`)} to the client here with the exact same name or email.`,
      r.waiting.length ? `${plural(r.waiting.length, 'client waits', 'clients wait')} for you: each may be one you already have, so the cards below ask.` : '',
      r.failed.length ? `${plural(r.failed.length, 'client', 'clients')} could not be imported; the rows say why.` : '',
      more > 0 ? `The first ${shownWaiting} waiting are below; the rest are in the import list.` : '',
    ].filter(Boolean).join('\n'),
    fields: [
      { label: 'Converted', value: String(r.converted.length) },
      { label: 'Linked (exact match)', value: String(r.linked.length) },
      { label: 'Waiting for you', value: String(r.waiting.length) },
      ...(r.failed.length ? [{ label: 'Not imported', value: String(r.failed.length) }] : []),
    ],
    rows: r.failed.slice(0, 10).map((f) => {
      const why = appClientErrorCard(f.error);
      return { title: f.record.name, text: `${why.title}. ${why.text ?? ''}`.trim(), ...(why.buttons?.length ? { buttons: why.buttons } : {}) };
    }),
    buttons: [backToList(app)],
  }), app);
  const waiting = r.waiting.slice(0, shownWaiting).map((w) => w.matches.duplicates.length ? duplicateCard(app, w.record, w.matches) : possibleMatchCard(app, w.record, w.matches));
  return [report, ...waiting];
}
