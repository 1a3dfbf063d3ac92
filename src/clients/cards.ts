import type { Address, Client, ClientChanges, ClientInputError } from '../../domain/practice/client.js';
import { syncLevelName, type AppInfo, type AppNames } from '../apps/registered.js';
import type { Page } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import { card, errorCard, type Button, type Card, type Field } from '../cards.js';
import { plural } from '../../domain/shared/plural.js';
import { formatDate } from '../format.js';
import type { ClientMatch } from './matching.js';
import type { AddError, ClientDetails, FindError } from './use-cases.js';

const address = (a: Address): string => [a.line1, a.line2, a.city, a.region, a.postcode, a.country].filter(Boolean).join(', ');

const headcount = (c: Client, zone: string): string | undefined =>
  c.activeEmployees === undefined ? undefined
    : `${plural(c.activeEmployees, 'active employee')}${c.contractors ? `, ${plural(c.contractors, 'contractor')}` : ''}` +
      (c.headcountAt ? ` (as of ${formatDate(c.headcountAt, zone)})` : '');

/** What a person calls each client field: cards never show the code's names (tradeName, businessStructure). */
export const clientFieldLabel = {
  status: 'Status', name: 'Name', tradeName: 'Trade name', email: 'Email', phone: 'Phone', fax: 'Fax', website: 'Website',
  businessStructure: 'Business structure', employees: 'Employees', streetAddress: 'Street address', postalAddress: 'Postal address',
  partner: 'Partner', manager: 'Manager', groups: 'Groups', taxRegistered: 'Tax registered',
  vatNumber: 'VAT number', companyNumber: 'Company number',
} as const satisfies Record<keyof ClientChanges | 'employees' | 'streetAddress' | 'postalAddress' | 'partner' | 'manager' | 'groups' | 'taxRegistered', string>;

/** "trade name, email": changed fields as a sentence reads them. */
export const changedFieldsText = (changed: ClientChanges): string =>
  (Object.keys(changed) as (keyof ClientChanges)[]).map((k) => clientFieldLabel[k].toLowerCase()).join(', ');

export const clientFields = (c: Client, zone: string): Field[] => {
  const l = clientFieldLabel;
  const pairs: [string, string | undefined][] = [
    [l.status, c.status === 'lead' ? 'Lead' : 'Client'],
    [l.tradeName, c.tradeName],
    [l.email, c.email],
    [l.phone, c.phone],
    [l.fax, c.fax],
    [l.website, c.website],
    [l.businessStructure, c.businessStructure],
    [l.vatNumber, c.vatNumber],
    [l.companyNumber, c.companyNumber],
    [l.employees, headcount(c, zone)],
    [l.streetAddress, c.streetAddress && address(c.streetAddress)],
    [l.postalAddress, c.postalAddress && address(c.postalAddress)],
    [l.partner, c.partner?.name],
    [l.manager, c.manager?.name],
    [l.groups, c.groups?.join(', ')],
    [l.taxRegistered, c.taxRegistered === undefined ? undefined : c.taxRegistered ? 'Yes' : 'No'],
  ];
  return pairs.flatMap(([label, value]) => (value ? [{ label, value }] : []));
};

/** "Sage client: Acme Co Ltd" for each app the client is mapped in, with a button to change it (or to map it). */
const mappingParts = (client: Client, mappings: ClientDetails['mappings'], nameOf: AppNames): { fields: Field[]; buttons: Button[] } => ({
  fields: (mappings ?? []).flatMap((m) => (m.externalId ? [{
    label: `${nameOf(m.provider)} client`,
    // Deleted in the app and still linked: its invoices wait until the mapping changes.
    value: `${m.record?.name ?? `id ${m.externalId}`}${m.record?.deletedAt ? ` — deleted in ${nameOf(m.provider)}: invoices wait until you map another with Change` : ''}`,
  }] : [])),
  buttons: (mappings ?? []).map((m) => ({ label: m.externalId ? `Change ${nameOf(m.provider)} mapping` : `Map to ${nameOf(m.provider)}`, command: `client map ${client.id} ${m.provider}` })),
});

export const clientCard = (practice: Practice, { client, contacts, links, mappings }: ClientDetails, nameOf: AppNames): Card => {
  const mapped = mappingParts(client, mappings, nameOf);
  return card(client.name, {
    text: links.length
      ? `Linked to ${links.map((l) => `${nameOf(l.provider)} (syncs ${syncLevelName[l.syncLevel]})`).join(', ')}.`
      : 'Not linked to any app yet.',
    fields: [...clientFields(client, practice.timeZone), ...mapped.fields],
    // People from the contact list and those an app syncs onto the client record.
    rows: [...contacts, ...(client.contacts ?? [])].map((k) => ({ title: k.name, text: [k.email, k.phone, k.mobile].filter(Boolean).join(' · ') || 'No contact details' })),
    buttons: [
      { label: 'Edit', command: `client edit ${client.id}` },
      { label: 'New proposal', command: `proposal new ${client.id}`, style: 'primary' },
      ...mapped.buttons,
    ],
    footer: `Client id ${client.id} · updated ${formatDate(client.updatedAt, practice.timeZone)}`,
  });
};

export const clientAddedCard = (practice: Practice, client: Client): Card => ({
  ...clientCard(practice, { client, contacts: [], links: [] }, (app) => app),
  title: `Added ${client.name}`,
  tone: 'success',
  text: 'The client is saved. Next: send them a proposal, or add more details with `client edit`.',
});

/** `apps`: the registered apps, offered to connect when there are no clients yet. */
export const clientListCard = (practice: Practice, query: string, page: number, pageSize: number, result: Page<Client>, apps: readonly AppInfo[]): Card => {
  const pages = Math.max(1, Math.ceil(result.total / pageSize));
  const base = `clients${query ? ` "${query}"` : ''}`;
  const nav: Button[] = [
    ...(page > 1 ? [{ label: 'Previous', command: `${base} page=${page - 1}` }] : []),
    ...(page < pages ? [{ label: 'Next', command: `${base} page=${page + 1}` }] : []),
  ];
  if (!result.total) {
    return card(query ? `No clients match "${query}"` : 'No clients yet', {
      text: query ? 'Try part of the name, the trade name or an email address.' : 'Add one with `client add NAME`, or connect an app to bring clients in.',
      buttons: apps.map((a) => ({ label: `Connect ${a.name}`, command: a.connect })),
    });
  }
  return card(query ? `Clients matching "${query}"` : 'Clients', {
    rows: result.items.map((c) => ({
      title: c.name,
      text: [c.status === 'lead' ? 'Lead' : undefined, c.email, headcount(c, practice.timeZone)].filter(Boolean).join(' · ') || undefined,
      buttons: [{ label: 'Show', command: `client show ${c.id}` }],
    })),
    buttons: nav,
    footer: `${plural(result.total, 'client')} · page ${page} of ${pages}`,
  });
};

export const findErrorCard = (e: FindError): Card => {
  switch (e.kind) {
    case 'not-found':
      return errorCard(`No client matches "${e.query}"`, 'Check the spelling, or list clients to find the right one.', [
        { label: 'List clients', command: 'clients' },
        { label: `Add "${e.query}"`, command: `client add ${e.query}` },
      ]);
    case 'ambiguous':
      return {
        ...errorCard(`"${e.query}" matches ${e.matches.length} clients`, 'Which one did you mean? Use the full name or press a button.'),
        rows: e.matches.map((c) => ({ title: c.name, buttons: [{ label: 'Show', command: `client show ${c.id}` }] })),
      };
  }
};

export const clientInputErrorCard = (e: ClientInputError | AddError | { kind: 'nothing-to-change' }): Card => {
  switch (e.kind) {
    case 'invalid-field':
      return errorCard(`Can't use ${e.field}`, `${e.reason}. Nothing was saved.`);
    case 'duplicate':
      return errorCard(`${e.existing.name} already exists`, 'A client with that name is already on the books, and names are unique, so nothing was saved.', [
        { label: 'Show it', command: `client show ${e.existing.id}` },
      ]);
    case 'nothing-to-change':
      return errorCard('Nothing to change', 'Say what to change as field=value, e.g. `client edit Acme Ltd email=accounts@acme.example`.');
  }
};

/**
 * "Which client did you mean?" for a name that matches existing clients: one button per client, and
 * creating a new client only as a choice the person makes.
 */
export const clientChooserCard = (o: {
  readonly name: string; readonly matches: readonly ClientMatch[]; readonly doing: string;
  readonly use: (c: Client) => string; readonly create?: string;
}): Card => card(`Which client is "${o.name}"?`, {
  tone: 'warning',
  text: `"${o.name}" matches ${plural(o.matches.length, 'client')} you already have. Choose the one ${o.doing}` +
    (o.create ? `, or create a new client named "${o.name}".` : '.') + ' Nothing has been created yet.',
  rows: o.matches.map((m) => ({
    title: m.client.name,
    text: [m.by === 'name' || m.by === 'id' ? undefined : `Matched by ${m.why}`, m.client.status === 'lead' ? 'Lead' : 'Client', m.client.email].filter(Boolean).join(' · '),
    buttons: [{ label: `Use ${m.client.name}`, command: o.use(m.client) }],
  })),
  buttons: o.create ? [{ label: `Create a new client named "${o.name}"`, command: o.create }] : [],
});
