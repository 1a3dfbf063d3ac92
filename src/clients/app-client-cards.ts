import type { Client } from '../../domain/practice/client.js';
import type { AppClient } from '../../domain/sync/app-client.js';
import { hasSameName, reasonsText, type Candidate, type RecordMatches } from '../../domain/sync/duplicates.js';
import { plural } from '../../domain/shared/plural.js';
import { sandboxed } from '../apps/cards.js';
import { card, type Button, type Card, type Input, type Row } from '../cards.js';
import { quoteArg } from '../commands/command.js';
import type { ImportApp } from './app-client-access.js';
import type { ImportPage, MatchedRecord } from './app-clients.js';

export { importCommand } from './app-client-access.js';
import { importCommand } from './app-client-access.js';

/** Checkbox ids of the list's Next form: `pick1` is the first id the form's `of=` carries. */
export const pickInput = (n: number): string => `pick${n}`;

/** "accounts@acme.example · VAT GB123456789 · Company 01234567 · Ref ACME001": what the app has for a record. */
/** A button opening a client's card. */
export const showClient = (c: Client): Button => ({ label: `Show ${c.name}`, command: `client show ${c.id}` });

export const recordDetails = (r: AppClient): string =>
  [r.email, r.vatNumber && `VAT ${r.vatNumber}`, r.companyNumber && `Company ${r.companyNumber}`, r.reference && `Ref ${r.reference}`]
    .filter(Boolean).join(' · ');

export const sameAsText = (c: Candidate): string => `Same as client ${c.client.name}: ${reasonsText(c.reasons)}`;
export const maybeText = (c: Candidate): string => `Maybe client ${c.client.name}: ${reasonsText(c.reasons)}`;

/** What a record matches, one line a client: exact duplicates first. */
export const hintLines = (m: RecordMatches): string[] => [...m.duplicates.map(sameAsText), ...m.possible.map(maybeText)];

const rowText = (r: AppClient, m: RecordMatches): string | undefined => [recordDetails(r), ...hintLines(m)].filter(Boolean).join('\n') || undefined;

/**
 * The buttons a record gets where a person decides it: Link to its duplicate instead of Convert (and
 * Import as new when it shares only an email);
 * Link, Not the same and Import as new for possible matches; otherwise Convert. Don't import always.
 */
export const decisionButtons = (app: ImportApp, { record, matches }: MatchedRecord): Button[] => {
  const id = record.externalId;
  const skip: Button = { label: "Don't import", command: importCommand(app, 'skip', id) };
  if (matches.duplicates.length) {
    // A shared email is no shared name: such a record may still be a client of its own.
    const asNew: Button[] = matches.duplicates.some(hasSameName) ? [] : [{ label: 'Import as new', command: importCommand(app, 'convert', id, 'new') }];
    return [...matches.duplicates.map((c) => ({ label: `Link to ${c.client.name}`, command: importCommand(app, 'link', id, c.client.id), style: 'primary' as const })), ...asNew, skip];
  }
  if (matches.possible.length) {
    return [
      // Two likeliest only: Teams shows six buttons a row, and the match card lists every one.
      ...matches.possible.slice(0, 2).flatMap((c) => [
        { label: `Link to ${c.client.name}`, command: importCommand(app, 'link', id, c.client.id) },
        { label: `Not ${c.client.name}`, command: importCommand(app, 'not-same', id, c.client.id) },
      ]),
      { label: 'Import as new', command: importCommand(app, 'convert', id, 'new') },
      skip,
    ];
  }
  return [{ label: 'Convert', command: importCommand(app, 'convert', id), style: 'primary' }, skip];
};

const listRow = (app: ImportApp, view: ImportPage['view'], m: MatchedRecord): Row => {
  const id = m.record.externalId;
  const text = rowText(m.record, m.matches);
  const buttons: Button[] = view === 'hidden'
    ? [{ label: 'Bring back', command: importCommand(app, 'unskip', id) }]
    : [
      { label: 'Convert', command: importCommand(app, 'convert', id), style: 'primary' },
      { label: 'Link to a client here', command: importCommand(app, 'link', id) },
      { label: "Don't import", command: importCommand(app, 'skip', id) },
    ];
  return { title: m.record.name, ...(text ? { text } : {}), buttons };
};

/** The list's paging and search words, in the order the grammar wants them: words before name=value. */
const listCommand = (p: Pick<ImportPage, 'app' | 'view' | 'search'>, page: number): string =>
  [importCommand(p.app), p.view === 'hidden' ? 'hidden' : '', page > 1 ? `page=${page}` : '', p.search ? `search=${quoteArg(p.search)}` : '']
    .filter(Boolean).join(' ');

const nextForm = (p: ImportPage): { form: NonNullable<Card['form']> } | Record<string, never> => {
  if (p.view === 'hidden' || !p.rows.length) return {};
  const inputs: Input[] = p.rows.map((m, i) => ({ id: pickInput(i + 1), label: m.record.name, kind: 'checkbox' }));
  const ids = p.rows.map((m) => m.record.externalId).join(',');
  return { form: { title: 'Decide several at once', inputs, submit: importCommand(p.app, 'next', `of=${ids}`), submitLabel: 'Next' } };
};

/**
 * The list's page as ticks for the Next step. A card of its own, not part of the list: Slack opens a
 * form as a modal, which would hide the list's rows and buttons.
 */
const chooseCommand = (p: Pick<ImportPage, 'app' | 'search' | 'page'>): string =>
  [importCommand(p.app, 'choose'), p.page > 1 ? `page=${p.page}` : '', p.search ? `search=${quoteArg(p.search)}` : ''].filter(Boolean).join(' ');

/** `clients import APP choose`: tick this page's clients, then Next shows each with the choices that fit it. */
export function chooseSeveralCard(p: ImportPage): Card {
  if (p.view === 'hidden' || !p.rows.length) return importListCard(p);
  return sandboxed(card(`Choose ${p.app.name} clients to decide together`, {
    text: `Tick the ones to decide now (page ${p.page} of ${p.pages}), then press Next: each is shown with what it may match here and the choices that fit it.`,
    ...nextForm(p),
  }), p.app);
}

/** `clients import APP`: a page of the app's clients not yet here, each with its hints and actions. */
export function importListCard(p: ImportPage): Card {
  const name = `${p.app.name} clients`;
  const nav: Button[] = [
    ...(p.page > 1 ? [{ label: 'Previous', command: listCommand(p, p.page - 1) }] : []),
    ...(p.page < p.pages ? [{ label: 'Next page', command: listCommand(p, p.page + 1) }] : []),
  ];
  const searched = p.search ? ` matching "${p.search}"` : '';
  if (p.view === 'hidden') {
    return sandboxed(card(`${name} you chose not to import`, {
      text: p.total ? `These stay out of the import list until you bring them back.` : `Nothing${searched} is left out: every ${p.app.name} client is in the import list or already here.`,
      rows: p.rows.map((m) => listRow(p.app, p.view, m)),
      buttons: [...nav, { label: 'Back to the import list', command: importCommand(p.app) }],
      footer: `${plural(p.total, 'client')} left out · page ${p.page} of ${p.pages}`,
    }), p.app);
  }
  if (!p.total) {
    return sandboxed(card(p.search ? `No ${name}${searched} to import` : `Every ${p.app.name} client is here`, {
      tone: 'success',
      text: p.search ? `Try part of the name, an email or the ${p.app.name} reference.` : `Each ${p.app.name} client is linked to a client here or left out. New ones arrive with each sync (\`sync ${p.app.id}\`).`,
      buttons: [{ label: 'Left out', command: importCommand(p.app, 'hidden') }],
    }), p.app);
  }
  return sandboxed(card(`Import ${name}${searched}`, {
    text: `${plural(p.total, `${p.app.name} client is`, `${p.app.name} clients are`)} not linked to a client here yet. ` +
      '*Convert* makes a new client (after checking for one you already have), *Link* ties it to a client you have, and *Don\'t import* leaves it out. ' +
      '*Choose several* to decide some together, or import them all: ones that only may match a client wait for you.',
    rows: p.rows.map((m) => listRow(p.app, p.view, m)),
    buttons: [
      ...nav, { label: 'Choose several', command: chooseCommand(p) },
      { label: 'Import all', command: importCommand(p.app, 'all') }, { label: 'Left out', command: importCommand(p.app, 'hidden') },
    ],
    footer: `Page ${p.page} of ${p.pages} · search with ${importCommand(p.app)} search=NAME`,
  }), p.app);
}

/** The Next step: each chosen record with what it matches and the choices that fit it. */
export function reviewCard(app: ImportApp, items: readonly MatchedRecord[], missing: readonly string[]): Card {
  const rows: Row[] = items.map((m) => {
    const text = rowText(m.record, m.matches);
    return { title: m.record.name, ...(text ? { text } : {}), buttons: decisionButtons(app, m) };
  });
  const gone = missing.length ? `\n${plural(missing.length, 'chosen client was', 'chosen clients were')} not found (imported or removed meanwhile): ${missing.join(', ')}.` : '';
  return sandboxed(card(items.length ? `Decide ${plural(items.length, `${app.name} client`)}` : 'Nothing chosen', {
    tone: items.length ? 'info' : 'warning',
    text: (items.length
      ? 'Link ties it to a client you already have; Convert (Import as new, where it may already be here) makes a new client; Don\'t import leaves it out. One that may already be here says why.'
      : 'Tick at least one client in the list, then press Next.') + gone,
    rows,
    buttons: [{ label: 'Back to the import list', command: importCommand(app) }],
  }), app);
}

/** "Link to a client here" pressed without naming one: the likeliest clients first, or how to name one. */
export function linkChooserCard(app: ImportApp, m: MatchedRecord): Card {
  const id = m.record.externalId;
  const likely = [...m.matches.duplicates, ...m.matches.possible];
  return sandboxed(card(`Link ${m.record.name} to which client?`, {
    text: (likely.length ? 'These clients look like it. ' : '') +
      `Type \`${importCommand(app, 'link', id)} CLIENT\` with the client's name to link it to any client here. Nothing was linked yet.`,
    rows: likely.map((c) => ({ title: c.client.name, text: reasonsText(c.reasons), buttons: [{ label: 'Link', command: importCommand(app, 'link', id, c.client.id) }] })),
    buttons: [{ label: 'Convert instead', command: importCommand(app, 'convert', id) }, { label: 'Back to the import list', command: importCommand(app) }],
  }), app);
}
