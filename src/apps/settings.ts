import type { Client } from '../../domain/practice/client.js';
import type { SyncLevel } from '../../domain/practice/connection.js';
import type { AppLinkStore, AuditLog, ClientStore, ConnectionStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { PracticeFlags } from '../../domain/apps/ports.js';
import type { Clock } from '../../domain/shared/clock.js';
import { card, errorCard, type Card } from '../cards.js';
import { matchClients, type MatchDeps } from '../clients/matching.js';
import { syncLevelName } from './registered.js';
import type { AppDeclaration, RegisteredApp } from './app.js';
import { quoteArg } from '../commands/command.js';
import { plural } from '../../domain/shared/plural.js';
import { sandboxed } from './cards.js';

export type SettingsDeps = {
  readonly connections: ConnectionStore;
  readonly links: AppLinkStore;
  readonly clients: ClientStore;
  readonly flags: PracticeFlags;
  readonly audit: AuditLog;
  readonly clock: Clock;
};

export const smartBillingFlag = 'labs.smart-billing';
const maxChooserRows = 15;
const levels: readonly SyncLevel[] = ['all', 'names', 'none'];
const levelText = (app: string): Record<SyncLevel, string> => ({
  all: `All data: every synced field follows ${app}`,
  names: 'Client names only: name changes sync, other changes are ignored',
  none: `Nothing: no ${app} changes reach this client`,
});
const levelsText = (app: string) => levels.map((l) => `${levelText(app)[l]}.`).join('\n');

/** The one client a name means exactly (name, trade name or an app's name for it), or an error card that says what to type instead. */
export const resolveClient = async (d: MatchDeps, practice: Practice, name: string, example: string): Promise<Client | Card> => {
  if (!name) return errorCard('Which client?', `Give the client's name, e.g. \`/ignition ${example}\`.`);
  const { exact, near } = await matchClients(d, practice.id, name, 5);
  if (exact.length === 1) return exact[0]!.client;
  if (exact.length > 1) return errorCard('More than one client has that name', `${exact.length} clients match "${name}": ${exact.map((m) => m.client.name).join(', ')}. Use the full name, or rename one with \`/ignition client edit\` first.`);
  return errorCard(`No client called "${name}"`, near.length ? `Did you mean ${near.map((m) => `"${m.client.name}"`).join(', ')}?` : 'Check the spelling with `/ignition clients`.');
};

/**
 * The settings every app shares: how much of each app's data reaches a client (`client-sync`),
 * disconnecting an account, and the Smart Billing Labs switch of the app that counts employees.
 */
export function createSettings(apps: readonly RegisteredApp[], d: SettingsDeps) {
  const audit = (practice: Practice, user: User, action: string, subject: string, detail: Record<string, unknown>) =>
    d.audit.record({ practiceId: practice.id, at: d.clock.now(), actor: user.displayName, chat: user.identities[0]?.platform ?? 'system', action, subject, detail });
  const byId = new Map(apps.map((a) => [a.declaration.id, a.declaration]));
  const nameOf = (id: string) => byId.get(id)?.name ?? id;
  /** The app named in words, or the one app when only one is registered. */
  const one = apps.length === 1 ? apps[0]!.declaration : undefined;
  const links = async (practice: Practice, client: Client, app?: AppDeclaration) =>
    (await d.links.forClient(practice.id, client.id)).filter((l) => byId.has(l.provider) && (!app || l.provider === app.id));

  const levelButtons = (client: Client, app: string, current: SyncLevel) => levels.map((l) => ({
    label: `${syncLevelName[l][0]!.toUpperCase()}${syncLevelName[l].slice(1)}${l === current ? ' (now)' : ''}`,
    command: `client-sync ${quoteArg(client.name)}${one ? '' : ` ${app}`} ${l}`,
  }));
  const appsText = (app?: AppDeclaration) => app?.name ?? apps.map((a) => a.declaration.name).join(' or ');
  const connectButton = (app?: AppDeclaration) => {
    const target = app ?? one;
    return target ? [{ label: `Connect ${target.name}`, command: `connect ${target.id}`, style: 'primary' as const }] : [{ label: 'Apps', command: 'apps' }];
  };

  const notLinked = (client: Client, app?: AppDeclaration) =>
    errorCard(`${client.name} is not linked to ${appsText(app)}`, `Only clients synced from an app have a sync level. Connect it with \`/ignition connect ${(app ?? one)?.id ?? 'APP'}\`.`);

  /** The clients linked to an app with their levels (`client-sync` alone), or one client's levels (`client-sync CLIENT`). */
  const chooser = async (practice: Practice, clientName?: string, app?: AppDeclaration): Promise<Card> => {
    if (clientName) {
      const client = await resolveClient(d, practice, clientName, 'client-sync "Acme Inc"');
      if ('title' in client) return client;
      const linked = await links(practice, client, app);
      if (!linked.length) return notLinked(client, app);
      const first = byId.get(linked[0]!.provider)!;
      if (linked.length === 1) {
        return sandboxed(card(`How much ${first.name} data reaches ${client.name}?`, {
          text: `Now: ${syncLevelName[linked[0]!.syncLevel]}.\n${levelsText(first.name)}`,
          buttons: levelButtons(client, first.id, linked[0]!.syncLevel),
        }), first);
      }
      return card(`How much data reaches ${client.name}?`, {
        text: levelsText('the app'),
        rows: linked.map((l) => ({ title: nameOf(l.provider), text: `Now: ${syncLevelName[l.syncLevel]}`, buttons: levelButtons(client, l.provider, l.syncLevel) })),
      });
    }
    const linked = (await Promise.all(apps.filter((a) => !app || a.declaration.id === app.id).map((a) => d.links.list(practice.id, a.declaration.id)))).flat();
    const clients = (await Promise.all(linked.map(async (l) => ({ link: l, client: await d.clients.get(practice.id, l.clientId) }))))
      .flatMap((x) => (x.client ? [{ link: x.link, client: x.client }] : []))
      .sort((a, b) => a.client.name.localeCompare(b.client.name));
    const shownApp = app ?? one;
    if (!clients.length) {
      const c = card(`No client is linked to ${appsText(app)} yet`, {
        text: `Each connected ${shownApp ? `${shownApp.name} ${shownApp.account.one}` : 'account'} becomes a client with a sync level. Connect one first.`,
        buttons: connectButton(app),
      });
      return shownApp ? sandboxed(c, shownApp) : c;
    }
    const shown = clients.slice(0, maxChooserRows);
    const c = card(`Choose how much ${appsText(app)} data reaches each client`, {
      text: levelsText(appsText(app)),
      rows: shown.map(({ client, link }) => ({ title: one ? client.name : `${client.name} (${nameOf(link.provider)})`, text: `Now: ${syncLevelName[link.syncLevel]}`, buttons: levelButtons(client, link.provider, link.syncLevel) })),
      ...(clients.length > shown.length ? { footer: `Showing ${shown.length} of ${plural(clients.length, 'client')}; for another, type \`client-sync CLIENT\`.` } : {}),
    });
    return shownApp ? sandboxed(c, shownApp) : c;
  };

  /** `client-sync CLIENT [APP] all|names|none`: how much of an app's data reaches one client (every app it is linked to when none is named). */
  const setSyncLevel = async (practice: Practice, user: User, clientName: string, level: string, app?: AppDeclaration): Promise<Card> => {
    if (!levels.includes(level as SyncLevel)) {
      return errorCard('Sync level not recognised', `The level is \`all\`, \`names\` or \`none\`, not \`${level || '(missing)'}\`.\n${levels.map((l) => `• ${l}: ${levelText(appsText(app))[l]}`).join('\n')}`);
    }
    const client = await resolveClient(d, practice, clientName, 'client-sync "Acme Inc" names');
    if ('title' in client) return client;
    const linked = await links(practice, client, app);
    if (!linked.length) return notLinked(client, app);
    for (const link of linked) {
      await d.links.save({ ...link, syncLevel: level as SyncLevel });
      await audit(practice, user, `${link.provider}.sync_level`, client.name, { from: link.syncLevel, to: level });
    }
    const first = byId.get(linked[0]!.provider)!;
    const names = linked.map((l) => nameOf(l.provider)).join(' and ');
    return sandboxed(card(`Sync level for ${client.name}: ${syncLevelName[level as SyncLevel]}`, {
      tone: 'success',
      text: `${levelText(names)[level as SyncLevel]}. It applies from the next sync (daily, or now).`,
      buttons: [{ label: 'Sync now', command: linked.length === 1 ? `sync ${first.id}` : 'sync', style: 'primary' }],
    }), first);
  };

  return {
    setSyncLevel,

    /**
     * `client-sync [CLIENT] [APP] [all|names|none]`: with a level, sets it; without, offers the choice (of
     * client, then of level) as buttons.
     */
    async clientSync(practice: Practice, user: User, typed: readonly string[]): Promise<Card> {
      // An app's id just before the level (or alone at the end) narrows it to that app.
      const lastWord = (typed.at(-1) ?? '').toLowerCase();
      const appAt = levels.includes(lastWord as SyncLevel) ? typed.length - 2 : typed.length - 1;
      const named = appAt >= 0 && typed.length > 1 ? byId.get((typed[appAt] ?? '').toLowerCase()) : undefined;
      const words = named ? typed.filter((_, i) => i !== appAt) : typed;
      const last = (words.at(-1) ?? '').toLowerCase();
      if (!words.length) return chooser(practice, undefined, named);
      if (levels.includes(last as SyncLevel)) return setSyncLevel(practice, user, words.slice(0, -1).join(' ').trim(), last, named);
      // "client-sync Acme Inc everything": a client name and a mistyped level, rather than a longer name.
      const whole = await matchClients(d, practice.id, words.join(' '), 1);
      if (!whole.exact.length && words.length > 1) return setSyncLevel(practice, user, words.slice(0, -1).join(' ').trim(), last, named);
      return chooser(practice, words.join(' '), named);
    },

    /** `disconnect APP [ACCOUNT]`: revokes the grant and forgets the tokens; clients and their history stay. */
    async disconnect({ declaration: app, adapters }: RegisteredApp, practice: Practice, user: User, account: string): Promise<Card> {
      const all = await d.connections.list(practice.id, app.id);
      if (all.length === 0) return errorCard(`${app.name} is not connected`, 'There is nothing to disconnect.');
      const wanted = account.toLowerCase();
      const matches = account ? all.filter((c) => c.label.toLowerCase() === wanted || c.externalId === account) : all;
      if (matches.length !== 1) {
        return sandboxed(card(account ? `No connected ${app.name} ${app.account.one} called "${account}"` : `Which ${app.name} ${app.account.one}?`, {
          tone: 'warning',
          text: `Each ${app.name} ${app.account.one} is connected on its own. Choose the one to disconnect:`,
          rows: all.map((c) => ({ title: c.label, buttons: [{ label: 'Disconnect', command: `disconnect ${app.id} ${quoteArg(c.label)}`, style: 'danger' as const }] })),
        }), app);
      }
      const target = matches[0]!;
      await adapters.auth.revoke(target.tokens);
      await d.connections.remove(practice.id, target.id);
      await audit(practice, user, `${app.id}.disconnected`, target.label, { account: target.externalId });
      return sandboxed(card(`Disconnected ${target.label}`, {
        tone: 'success',
        text: `Its ${app.name} access is revoked and the tokens are deleted. The client stays, with the data it last synced; reconnecting picks it up again.`,
        buttons: [{ label: 'Reconnect', command: `connect ${app.id}` }, { label: 'Apps', command: 'apps' }],
      }), app);
    },

    /** `labs smart-billing on|off`, for the app that counts employees. */
    async setSmartBilling(counting: AppDeclaration, practice: Practice, user: User, value: string): Promise<Card> {
      if (value !== 'on' && value !== 'off') return errorCard('On or off?', `Use \`/ignition labs smart-billing on\` or \`off\`, not \`${value || '(missing)'}\`.`);
      await d.flags.set(practice.id, smartBillingFlag, value === 'on' ? 'on' : null);
      await audit(practice, user, 'labs.smart_billing', value, {});
      return sandboxed(card(`Smart Billing for ${counting.name} is ${value}`, {
        tone: 'success',
        text: value === 'on'
          ? `Per-employee services can now bill the active employee count ${counting.name} reports at invoice time. Turn it on per service in a proposal by choosing the ${counting.name} ${counting.account.one} (or "I'll add it later").`
          : 'Invoices bill the quantities written in each proposal again.',
        buttons: value === 'on' ? [{ label: 'Preview a client', command: 'smart-billing preview' }] : [],
      }), counting);
    },
    smartBillingOn: async (practice: Practice) => (await d.flags.get(practice.id, smartBillingFlag)) === 'on',
  };
}

export type AppSettings = ReturnType<typeof createSettings>;
