import type { Client } from '../../domain/practice/client.js';
import { sandboxed } from '../apps/cards.js';
import { card, errorCard, type Button, type Card } from '../cards.js';
import { quoteArg } from '../commands/command.js';
import type { AppClientError, ImportApp } from './app-client-access.js';
import { importCommand, recordDetails, showClient } from './app-client-cards.js';
import type { MapError, MapOutcome } from './app-client-mapping.js';

const appList = (apps: readonly ImportApp[]) => apps.map((a) => `\`${a.id}\``).join(', ') || 'none yet';
const importButtons = (apps: readonly ImportApp[]): Button[] => apps.map((a) => ({ label: `Import ${a.name} clients`, command: importCommand(a) }));

/** `client map CLIENT APP RECORD`, as a button carries it. */
export const mapCommand = (client: Pick<Client, 'id'>, app: Pick<ImportApp, 'id'>, record?: string): string =>
  ['client map', client.id, app.id, ...(record ? [quoteArg(record)] : [])].join(' ');

/** Every way an import or mapping did nothing, saying what to fix. */
export function appClientErrorCard(e: AppClientError | MapError): Card {
  switch (e.kind) {
    case 'no-such-app':
      return errorCard(`No app called "${e.word}"`, `The apps whose clients you can import are ${appList(e.offering)}.`, importButtons(e.offering));
    case 'not-offered':
      return errorCard(`${e.app.name}'s clients aren't imported`, `${e.app.name} brings its ${e.app.account.many} in by itself when it syncs. ` +
        `The apps whose clients you import one by one are ${appList(e.offering)}.`, importButtons(e.offering));
    case 'not-connected':
      return errorCard(`${e.app.name} isn't connected`, `Connect ${e.app.name} first: its clients are read when it connects, and new ones every day after. ` +
        `An admin connects it with \`connect ${e.app.id}\`.`, [{ label: `Connect ${e.app.name}`, command: `connect ${e.app.id}`, style: 'primary' }]);
    case 'record-not-found':
      return errorCard(`No ${e.app.name} client "${e.query}"`, `It may have been imported already or deleted in ${e.app.name}, or the id is mistyped. ` +
        `The import list shows the ${e.app.name} clients not yet here.`, [{ label: 'Import list', command: importCommand(e.app) }, { label: `Sync ${e.app.name}`, command: `sync ${e.app.id}` }]);
    case 'client-not-found':
      return errorCard(`No client here matches "${e.query}"`, 'Check the spelling or list your clients; nothing was linked.', [
        { label: 'List clients', command: 'clients' },
        ...(e.record ? [{ label: `Convert ${e.record.name} instead`, command: importCommand(e.app, 'convert', e.record.externalId) }] : []),
      ]);
    case 'client-choice':
      return sandboxed(card(`Which client is "${e.query}"?`, {
        tone: 'warning',
        text: `"${e.query}" matches ${e.matches.length} clients. Choose the one to link ${e.app.name} client ${e.record.name} to; nothing was linked yet.`,
        rows: e.matches.map((m) => ({ title: m.client.name, text: m.client.email ?? '', buttons: [{ label: 'Link', command: importCommand(e.app, 'link', e.record.externalId, m.client.id) }] })),
      }), e.app);
    case 'client-ambiguous':
      return card(`Which client is "${e.query}"?`, {
        tone: 'warning',
        text: `"${e.query}" matches ${e.matches.length} clients. Choose the one to map to ${e.app.name}.`,
        rows: e.matches.map((c) => ({ title: c.name, buttons: [{ label: 'Map this one', command: mapCommand(c, e.app) }] })),
      });
    case 'linked-elsewhere':
      return errorCard(`${e.app.name} client ${e.record.name} is already ${e.holder ? `${e.holder.name}'s` : "another client's"}`,
        `Each ${e.app.name} client belongs to one client here, so nothing was changed. To move it, map ${e.holder?.name ?? 'that client'} to another ${e.app.name} client first.`,
        e.holder ? [showClient(e.holder), { label: `Change ${e.holder.name}'s mapping`, command: mapCommand(e.holder, e.app) }] : []);
    case 'client-mapped':
      return errorCard(`${e.client.name} is already linked to ${e.current ? `${e.app.name} client ${e.current.name}` : `another ${e.app.name} client`}`,
        `A client here has one ${e.app.name} client, so nothing was linked. To use ${e.record.name} instead, change the mapping.`,
        [{ label: 'Change mapping', command: mapCommand(e.client, e.app, e.record.externalId), style: 'primary' }, showClient(e.client)]);
    case 'name-taken':
      return errorCard(`Client ${e.existing.name} already has that name`, `Names are unique here, so ${e.record.name} was not imported. ` +
        `If it is the same business, link them; if not, rename one (\`client edit ${e.existing.id} name="…"\`) and convert again.`,
      [{ label: `Link to ${e.existing.name}`, command: importCommand(e.app, 'link', e.record.externalId, e.existing.id), style: 'primary' }, showClient(e.existing)]);
  }
}

export function mapCard(o: MapOutcome): Card {
  if (o.kind === 'mapped') {
    return sandboxed(card(`Mapped ${o.client.name} to ${o.app.name} client ${o.record.name}`, {
      tone: 'success',
      text: `Invoices for ${o.client.name} now go to ${o.record.name} in ${o.app.name}, and the two sync.` +
        (o.replaced ? ` It was mapped to ${o.replaced.name} before; that ${o.app.name} client is back in the import list.` : ''),
      buttons: [showClient(o.client), { label: 'Change', command: mapCommand(o.client, o.app) }],
    }), o.app);
  }
  const now = o.current ? `It is mapped to ${o.app.name} client ${o.current.name} now. ` : '';
  return sandboxed(card(`Which ${o.app.name} client is ${o.client.name}?`, {
    tone: 'info',
    text: o.records.length
      ? `${now}Choose the ${o.app.name} client ${o.client.name}'s invoices go to${o.query ? ` (matching "${o.query}")` : ', most alike first'}. ` +
        `Or type \`client map ${o.client.id} ${o.app.id} NAME\`.`
      : `${now}No ${o.app.name} client${o.query ? ` matches "${o.query}"` : ' is free to map'}. Sync ${o.app.name} to read new ones.`,
    rows: o.records.map((r) => ({ title: r.name, ...(recordDetails(r) ? { text: recordDetails(r) } : {}), buttons: [{ label: 'Map', command: mapCommand(o.client, o.app, r.externalId) }] })),
    buttons: [showClient(o.client)],
  }), o.app);
}
