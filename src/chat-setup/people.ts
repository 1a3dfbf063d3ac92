import type { UserStore } from '../../domain/practice/ports.js';
import type { Practice } from '../../domain/practice/practice.js';
import { isAdmin, type User } from '../../domain/practice/user.js';
import type { UserId } from '../../domain/shared/ids.js';
import { listNames } from '../../domain/shared/list-names.js';
import type { AppInfo } from '../apps/registered.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command, CommandContext } from '../commands/command.js';

export type PeopleDeps = {
  readonly users: UserStore;
  /** The apps this install can connect: `setup` names only these. */
  readonly apps: readonly AppInfo[];
  /** Who is which staff member in the practice app (XPM), for `users`; without it no link is shown. */
  readonly staffLinks?: StaffLinks;
};

/** Each linked person's staff member in one app; `gone` when the app no longer lists them (the link stays). */
export type StaffLinks = {
  readonly appName: string;
  byUser(practiceId: Practice['id']): Promise<ReadonlyMap<UserId, { readonly name: string; readonly gone: boolean }>>;
};

const names = (users: readonly User[]) => users.map((u) => u.displayName).join(' and ');
const platforms = (u: User) => [...new Set(u.identities.map((i) => (i.platform === 'slack' ? 'Slack' : i.platform === 'teams' ? 'Teams' : 'shell')))].join(', ');

/**
 * Finds the person a command names: a Slack mention (<@U123|ann>), a Teams mention turned "@Ann Lee",
 * or a display name. Null with a reason when nobody or more than one person matches.
 */
export function findPerson(users: readonly User[], who: string): { user: User } | { problem: string } {
  const mention = /^<@([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(who.trim());
  const matches = mention
    ? users.filter((u) => u.identities.some((i) => i.platform === 'slack' && i.userId === mention[1]))
    : users.filter((u) => u.displayName.toLowerCase() === who.trim().replace(/^@/, '').toLowerCase());
  if (matches.length === 1) return { user: matches[0]! };
  if (matches.length > 1) return { problem: `${matches.length} people are called "${who}". Use their @mention instead.` };
  return { problem: `I don't know ${who} yet. People appear here after their first /ignition command: ask them to run \`/ignition help\`, then try again.` };
}

const setup = (d: PeopleDeps) => async ({ practice, user }: CommandContext): Promise<Card[]> => {
  // The first to arrive wins; others running setup at the same moment see that practice already set up.
  const promoted = !isAdmin(user) && (await d.users.changeRole(practice.id, user.id, 'admin', (people) => !people.some(isAdmin)));
  if (!promoted) {
    const admins = (await d.users.list(practice.id)).filter(isAdmin);
    if (admins.some((a) => a.id === user.id)) {
      return [card('You are already an admin', { tone: 'info', text: `Admins of ${practice.name}: ${names(admins)}.`, buttons: [{ label: 'People', command: 'users' }, { label: 'Notifications', command: 'notify' }] })];
    }
    return [errorCard('This practice is already set up', `${names(admins)} ${admins.length > 1 ? 'are admins' : 'is the admin'}. Ask an admin to run \`/ignition user promote @${user.displayName}\` if you need admin rights.`)];
  }
  return [card(`You are now the admin of ${practice.name}`, {
    tone: 'success',
    text: d.apps.length
      ? `You can connect apps, change settings and decide who else is an admin. Next: connect ${listNames(d.apps.map((a) => a.name))}, then choose where notifications go by running \`/ignition notify here\` in a channel.`
      : 'You can change settings and decide who else is an admin. Next: choose where notifications go by running `/ignition notify here` in a channel.',
    buttons: [
      ...(d.apps.length === 1 ? [{ label: `Connect ${d.apps[0]!.name}`, command: d.apps[0]!.connect, style: 'primary' as const }]
        : d.apps.length ? [{ label: 'Connect apps', command: 'apps', style: 'primary' as const }] : []),
      { label: 'Send notifications here', command: 'notify here', ...(d.apps.length ? {} : { style: 'primary' as const }) },
      { label: 'People', command: 'users' },
    ],
  })];
};

const list = (d: PeopleDeps) => async ({ practice, user }: CommandContext): Promise<Card[]> => {
  const users = await d.users.list(practice.id);
  const links = await d.staffLinks?.byUser(practice.id);
  const linkText = (u: User) => {
    const l = links?.get(u.id);
    return l ? ` · ${d.staffLinks!.appName}: ${l.name}${l.gone ? ' (no longer in its staff list)' : ''}` : '';
  };
  const admin = isAdmin(user);
  return [card(`People in ${practice.name}`, {
    text: users.some(isAdmin) ? 'Admins connect apps, change settings and manage people.' : 'Nobody is an admin yet: the first person to run `/ignition setup` becomes one.',
    rows: users.map((u) => ({
      title: u.displayName,
      text: `${isAdmin(u) ? 'Admin' : 'Staff'} · ${platforms(u)}${linkText(u)}`,
      ...(admin && u.id !== user.id ? { buttons: [isAdmin(u) ? { label: 'Make staff', command: `user demote "${u.displayName}"` } : { label: 'Make admin', command: `user promote "${u.displayName}"` }] } : {}),
    })),
  })];
};

const changeRole = (d: PeopleDeps, role: User['role']) => async ({ practice, args }: CommandContext): Promise<Card[]> => {
  const who = rest(args);
  const verb = role === 'admin' ? 'promote' : 'demote';
  if (!who) return [errorCard(`Who should I ${verb}?`, `Name someone: \`/ignition user ${verb} @name\`.`, [{ label: 'People', command: 'users' }])];
  const users = await d.users.list(practice.id);
  const found = findPerson(users, who);
  if ('problem' in found) return [errorCard(`Can't ${verb} ${who}`, found.problem, [{ label: 'People', command: 'users' }])];
  const target = found.user;
  if (target.role === role) return [card(`${target.displayName} is already ${role === 'admin' ? 'an admin' : 'staff'}`, { text: 'Nothing changed.' })];
  // Judged again under the practice's lock: two admins demoting each other at once must leave one.
  const leavesAnAdmin = (people: readonly User[]) => role === 'admin' || people.some((u) => isAdmin(u) && u.id !== target.id);
  if (!(await d.users.changeRole(practice.id, target.id, role, leavesAnAdmin))) {
    return [errorCard(`${target.displayName} is the only admin`, 'A practice needs at least one admin. Promote someone else first, then try again.', [{ label: 'People', command: 'users' }])];
  }
  return [card(role === 'admin' ? `${target.displayName} is now an admin` : `${target.displayName} is now staff`, {
    tone: 'success',
    text: role === 'admin' ? 'They can connect apps, change settings and manage people.' : 'They can still use every command that is not admin-only.',
    buttons: [{ label: 'People', command: 'users' }],
  })];
};

export const peopleCommands = (d: PeopleDeps): Command[] => [
  { verb: 'setup', usage: 'setup', summary: 'Become the first admin of this practice', group: 'People and channels', run: setup(d) },
  { verb: 'users', usage: 'users', summary: 'List people and their roles', group: 'People and channels', audited: false, run: list(d) },
  { verb: 'user promote', usage: 'user promote @someone', summary: 'Make someone an admin', group: 'People and channels', adminOnly: true, run: changeRole(d, 'admin') },
  { verb: 'user demote', usage: 'user demote @someone', summary: 'Make an admin staff again', group: 'People and channels', adminOnly: true, run: changeRole(d, 'staff') },
];
