import type { Client } from '../../domain/practice/client.js';
import type { SyncLevel } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { AppAuth, PracticeFlags } from '../../domain/apps/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import { card, errorCard, type Card } from '../cards.js';
import { matchClients, type MatchDeps } from '../clients/matching.js';
import { syncLevelName } from '../apps.js';
import { quoteArg } from '../commands/command.js';
import { plural } from '../../domain/shared/plural.js';
import { sandboxed } from './cards.js';

export type SettingsDeps = {
  readonly connections: ConnectionStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
  readonly flags: PracticeFlags;
  readonly auth: AppAuth;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly sandbox: boolean;
};

export const smartBillingFlag = 'labs.smart-billing';
const maxChooserRows = 15;
const levels: readonly SyncLevel[] = ['all', 'names', 'none'];
const levelText: Record<SyncLevel, string> = {
  all: 'All data: every company detail and the employee count follow Gusto',
  names: 'Client names only: name changes sync, other changes are ignored',
  none: 'Nothing: no Gusto changes reach this client',
};

/** The one client a name means exactly (name, trade name or Gusto's name for it), or an error card that says what to type instead. */
export const resolveClient = async (d: MatchDeps, practice: Practice, name: string, example: string): Promise<Client | Card> => {
  if (!name) return errorCard('Which client?', `Give the client's name, e.g. \`/ignition ${example}\`.`);
  const { exact, near } = await matchClients(d, practice.id, name, 5);
  if (exact.length === 1) return exact[0]!.client;
  if (exact.length > 1) return errorCard('More than one client has that name', `${exact.length} clients match "${name}": ${exact.map((m) => m.client.name).join(', ')}. Use the full name, or rename one with \`/ignition client edit\` first.`);
  return errorCard(`No client called "${name}"`, near.length ? `Did you mean ${near.map((m) => `"${m.client.name}"`).join(', ')}?` : 'Check the spelling with `/ignition clients`.');
};

export function createGustoSettings(d: SettingsDeps) {
  const audit = (practice: Practice, user: User, action: string, subject: string, detail: Record<string, unknown>) =>
    d.audit.record({ practiceId: practice.id, at: d.clock.now(), actor: user.displayName, chat: user.identities[0]?.platform ?? 'system', action, subject, detail });

  const levelButtons = (client: Client, current: SyncLevel) => levels.map((l) => ({
    label: `${syncLevelName[l][0]!.toUpperCase()}${syncLevelName[l].slice(1)}${l === current ? ' (now)' : ''}`,
    command: `client-sync ${quoteArg(client.name)} ${l}`,
  }));

  /** The clients linked to Gusto with their levels (`client-sync` alone), or one client's three levels (`client-sync CLIENT`). */
  const chooser = async (practice: Practice, clientName?: string): Promise<Card> => {
    if (clientName) {
      const client = await resolveClient(d, practice, clientName, 'client-sync "Acme Inc"');
      if ('title' in client) return client;
      const link = (await d.links.forClient(practice.id, client.id)).find((l) => l.provider === 'gusto');
      if (!link) return notLinked(client);
      return sandboxed(card(`How much Gusto data reaches ${client.name}?`, {
        text: `Now: ${syncLevelName[link.syncLevel]}.\n${levels.map((l) => `${levelText[l]}.`).join('\n')}`,
        buttons: levelButtons(client, link.syncLevel),
      }), d.sandbox);
    }
    const linked = await d.links.list(practice.id, 'gusto');
    const clients = (await Promise.all(linked.map(async (l) => ({ link: l, client: await d.clients.get(practice.id, l.clientId) }))))
      .flatMap((x) => (x.client ? [{ link: x.link, client: x.client }] : []))
      .sort((a, b) => a.client.name.localeCompare(b.client.name));
    if (!clients.length) {
      return sandboxed(card('No client is linked to Gusto yet', {
        text: 'Each connected Gusto company becomes a client with a sync level. Connect a company first.',
        buttons: [{ label: 'Connect Gusto', command: 'connect gusto', style: 'primary' }],
      }), d.sandbox);
    }
    const shown = clients.slice(0, maxChooserRows);
    return sandboxed(card('Choose how much Gusto data reaches each client', {
      text: levels.map((l) => `${levelText[l]}.`).join('\n'),
      rows: shown.map(({ client, link }) => ({ title: client.name, text: `Now: ${syncLevelName[link.syncLevel]}`, buttons: levelButtons(client, link.syncLevel) })),
      ...(clients.length > shown.length ? { footer: `Showing ${shown.length} of ${plural(clients.length, 'client')}; for another, type \`client-sync CLIENT\`.` } : {}),
    }), d.sandbox);
  };

  const notLinked = (client: Client) =>
    errorCard(`${client.name} is not linked to Gusto`, 'Only clients synced from a Gusto company have a sync level. Connect the company with `/ignition connect gusto`.');

  /** `client-sync CLIENT all|names|none`: how much Gusto data reaches one client. */
  const setSyncLevel = async (practice: Practice, user: User, clientName: string, level: string): Promise<Card> => {
    if (!levels.includes(level as SyncLevel)) {
      return errorCard('Sync level not recognised', `The level is \`all\`, \`names\` or \`none\`, not \`${level || '(missing)'}\`.\n${levels.map((l) => `• ${l}: ${levelText[l]}`).join('\n')}`);
    }
    const client = await resolveClient(d, practice, clientName, 'client-sync "Acme Inc" names');
    if ('title' in client) return client;
    const link = (await d.links.forClient(practice.id, client.id)).find((l) => l.provider === 'gusto');
    if (!link) return notLinked(client);
    await d.links.save({ ...link, syncLevel: level as SyncLevel });
    await audit(practice, user, 'gusto.sync_level', client.name, { from: link.syncLevel, to: level });
    return sandboxed(card(`Sync level for ${client.name}: ${syncLevelName[level as SyncLevel]}`, {
      tone: 'success',
      text: `${levelText[level as SyncLevel]}. It applies from the next sync (6am daily, or now).`,
      buttons: [{ label: 'Sync now', command: 'sync gusto', style: 'primary' }],
    }), d.sandbox);
  };

  return {
    setSyncLevel,

    /**
     * `client-sync [CLIENT] [all|names|none]`: with a level, sets it; without, offers the choice (of
     * client, then of level) as buttons.
     */
    async clientSync(practice: Practice, user: User, words: readonly string[]): Promise<Card> {
      const last = (words.at(-1) ?? '').toLowerCase();
      if (!words.length) return chooser(practice);
      if (levels.includes(last as SyncLevel)) return setSyncLevel(practice, user, words.slice(0, -1).join(' ').trim(), last);
      // "client-sync Acme Inc everything": a client name and a mistyped level, rather than a longer name.
      const whole = await matchClients(d, practice.id, words.join(' '), 1);
      if (!whole.exact.length && words.length > 1) return setSyncLevel(practice, user, words.slice(0, -1).join(' ').trim(), last);
      return chooser(practice, words.join(' '));
    },

    /** `disconnect gusto [company]`: revokes the grant and forgets the tokens; clients and their history stay. */
    async disconnect(practice: Practice, user: User, company: string): Promise<Card> {
      const all = await d.connections.list(practice.id, 'gusto');
      if (all.length === 0) return errorCard('Gusto is not connected', 'There is nothing to disconnect.');
      const wanted = company.toLowerCase();
      const matches = company ? all.filter((c) => c.label.toLowerCase() === wanted || c.externalId === company) : all;
      if (matches.length !== 1) {
        return sandboxed(card(company ? `No connected Gusto company called "${company}"` : 'Which Gusto company?', {
          tone: 'warning',
          text: 'Each Gusto company is connected on its own. Choose the one to disconnect:',
          rows: all.map((c) => ({ title: c.label, buttons: [{ label: 'Disconnect', command: `disconnect gusto "${c.label}"`, style: 'danger' as const }] })),
        }), d.sandbox);
      }
      const target = matches[0]!;
      await d.auth.revoke(target.tokens);
      await d.connections.remove(practice.id, target.id);
      await audit(practice, user, 'gusto.disconnected', target.label, { company: target.externalId });
      return sandboxed(card(`Disconnected ${target.label}`, {
        tone: 'success',
        text: 'Its Gusto access is revoked and the tokens are deleted. The client stays, with the data it last synced; reconnecting picks it up again.',
        buttons: [{ label: 'Reconnect', command: 'connect gusto' }, { label: 'Apps', command: 'apps' }],
      }), d.sandbox);
    },

    /** `labs smart-billing on|off`. */
    async setSmartBilling(practice: Practice, user: User, value: string): Promise<Card> {
      if (value !== 'on' && value !== 'off') return errorCard('On or off?', `Use \`/ignition labs smart-billing on\` or \`off\`, not \`${value || '(missing)'}\`.`);
      await d.flags.set(practice.id, smartBillingFlag, value === 'on' ? 'on' : null);
      await audit(practice, user, 'labs.smart_billing', value, {});
      return sandboxed(card(`Smart Billing for Gusto is ${value}`, {
        tone: 'success',
        text: value === 'on'
          ? 'Per-employee services can now bill the active employee count Gusto reports at invoice time. Turn it on per service in a proposal by choosing the Gusto company (or "I\'ll add it later").'
          : 'Invoices bill the quantities written in each proposal again.',
        buttons: value === 'on' ? [{ label: 'Preview a client', command: 'smart-billing preview' }] : [],
      }), d.sandbox);
    },
    smartBillingOn: async (practice: Practice) => (await d.flags.get(practice.id, smartBillingFlag)) === 'on',
  };
}

export type GustoSettings = ReturnType<typeof createGustoSettings>;
