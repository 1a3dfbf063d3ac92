/**
 * The cards of staff as users: the first connect's "pick who", the chooser of people for one staff
 * member, the chooser of staff for one person (the "XPM user linking dropdown"), and the outcomes.
 */
import type { DirectoryEntry, UserAppLink } from '../../domain/apps/directory.js';
import type { User } from '../../domain/practice/user.js';
import { card, errorCard, type Button, type Card, type Row } from '../cards.js';
import { quoteArg } from '../commands/command.js';
import type { LinkError, StaffApp } from './use-cases.js';

/** Rows a chooser shows at most; chat platforms cap a card's length, and a practice's staff are usually fewer. */
const maxRows = 25;

const more = (n: number, how: string) => (n > maxRows ? `${n - maxRows} more not shown: ${how}` : undefined);
const sandboxNote = (app: StaffApp) => (app.sandbox ? `Sandbox: ${app.name} is simulated on this install` : undefined);
const footerOf = (...notes: (string | undefined)[]) => notes.filter(Boolean).join(' · ') || undefined;

/** The command that links a person here to a staff member, as a button carries it. */
export const linkCommand = (app: StaffApp, who: string, staff: DirectoryEntry) => `user link ${quoteArg(who)} ${app.id}=${staff.externalId}`;

const staffText = (s: DirectoryEntry, holder: string | undefined) =>
  [s.email, holder ? `user here: ${holder}` : 'not a user here yet'].filter(Boolean).join(' · ');

/**
 * "Pick who": the app's staff, each with a button to add them as a user, and one to add all. Posted
 * once, when the practice's staff are first imported; `staff` shows it again.
 */
export const staffCard = (app: StaffApp, staff: readonly DirectoryEntry[], links: readonly UserAppLink[], people: readonly User[] = [], first = false): Card => {
  const holder = new Map(links.map((l) => [l.externalId, people.find((u) => u.id === l.userId)?.displayName ?? 'linked']));
  const open = staff.filter((s) => !holder.has(s.externalId));
  const rows: Row[] = staff.slice(0, maxRows).map((s) => ({
    title: s.name, text: staffText(s, holder.get(s.externalId)),
    ...(holder.has(s.externalId) ? {} : { buttons: [{ label: 'Add as a user', command: `staff add ${quoteArg(s.externalId)}` }] }),
  }));
  return card(first ? `${app.name}: add your staff as users?` : `${app.name} staff (${staff.length})`, {
    tone: 'info',
    visibility: 'channel',
    text: [
      first ? `${app.name} has ${staff.length} staff. Pick who uses the bot: each becomes a user here, linked to their staff member.`
        : `${open.length} of ${staff.length} are not users here yet.`,
      'A linked user can be a client\'s partner or manager in the sync; others are left out of it.',
      `Users are never copied back to ${app.name}, and removing someone on either side changes nothing on the other.`,
    ].join('\n'),
    rows,
    buttons: [
      ...(open.length ? [{ label: 'Add all', command: 'staff add all', style: 'primary' as const }] : []),
      { label: 'People', command: 'users' },
    ],
    footer: footerOf(more(staff.length, 'run `staff add NAME`'), sandboxNote(app)),
  });
};

/** Who uses the bot as this staff member: each person here not yet linked, the asker first. */
export const pickPersonCard = (app: StaffApp, staff: DirectoryEntry, people: readonly User[], links: readonly UserAppLink[], asker: User): Card => {
  const linked = new Set(links.map((l) => l.userId));
  const free = people.filter((u) => !linked.has(u.id));
  const ordered = [...free.filter((u) => u.id === asker.id), ...free.filter((u) => u.id !== asker.id)];
  const buttons: Button[] = ordered.slice(0, maxRows).map((u) => ({
    label: u.id === asker.id ? `Me (${u.displayName})` : u.displayName,
    command: linkCommand(app, u.id === asker.id ? 'me' : u.displayName, staff),
    ...(u.id === asker.id ? { style: 'primary' as const } : {}),
  }));
  return card(`Who uses the bot as ${staff.name}?`, {
    text: [
      `Users here are people in this chat, so ${staff.name} becomes a user once linked to the person who will use the bot.`,
      ordered.length ? 'Pick them below.' : 'Everyone here is already linked to a staff member.',
      `Not listed? Ask them to run \`/ignition help\` once, then \`/ignition user link @them ${app.id}=${quoteArg(staff.name)}\`.`,
    ].join('\n'),
    buttons: [...buttons, { label: 'All staff', command: 'staff' }],
  });
};

/** The "user linking dropdown": the staff no one here is linked to, each a button linking `who`. */
export const pickStaffCard = (app: StaffApp, who: User, whoRef: string, open: readonly DirectoryEntry[], title = `Which ${app.name} staff member is ${who.displayName}?`): Card =>
  card(title, {
    text: open.length ? `Pick the staff member ${who.displayName} is in ${app.name}.` : `Every ${app.name} staff member is already linked to someone here.`,
    rows: open.slice(0, maxRows).map((s) => ({ title: s.name, ...(s.email ? { text: s.email } : {}), buttons: [{ label: 'Link', command: linkCommand(app, whoRef, s) }] })),
    buttons: [{ label: 'All staff', command: 'staff' }],
    footer: footerOf(more(open.length, `name one: \`user link @someone ${app.id}=NAME\``), sandboxNote(app)),
  });

export const linkedCard = (app: StaffApp, who: User, link: UserAppLink): Card => card(`${who.displayName} is ${link.name} in ${app.name}`, {
  tone: 'success',
  text: `When ${link.name} is a client's partner or manager in ${app.name}, the sync brings them in here, and a partner or manager set here as ${who.displayName} is written there. Nothing is written to ${app.name}'s staff.`,
  buttons: [{ label: 'People', command: 'users' }, { label: 'All staff', command: 'staff' }],
});

/** Why a link was not made, with what to do next. */
export const linkRefusedCard = (app: StaffApp, e: LinkError, ref: string, staff: readonly DirectoryEntry[], who: User | null, whoRef: string): Card => {
  switch (e.kind) {
    case 'no-staff':
      return errorCard(`No ${app.name} staff imported yet`, `Staff are imported when ${app.name} is connected and on \`sync ${app.id}\`. Connect it, or sync it now, then try again.`,
        [{ label: `Sync ${app.name}`, command: `sync ${app.id}` }, { label: 'Apps', command: 'apps' }]);
    case 'staff-taken':
      return errorCard(`${e.staff.name} is already linked`, `${e.by?.displayName ?? 'Someone else'} is ${e.staff.name} in ${app.name}. Unlink them first if that is wrong.`,
        e.by ? [{ label: `Unlink ${e.by.displayName}`, command: `user unlink ${quoteArg(e.by.displayName)} ${app.id}`, style: 'danger' }] : []);
    case 'ambiguous':
      return who ? pickStaffCard(app, who, whoRef, e.matches, `${e.matches.length} ${app.name} staff are called "${ref}"`)
        : errorCard(`${e.matches.length} ${app.name} staff are called "${ref}"`, `Name one by its id: ${e.matches.map((m) => m.externalId).join(', ')}.`);
    case 'not-found':
      return who ? pickStaffCard(app, who, whoRef, staff, `No ${app.name} staff member is called "${ref}"`)
        : errorCard(`No ${app.name} staff member is called "${ref}"`, 'See them with `staff`.', [{ label: 'All staff', command: 'staff' }]);
  }
};

/** "Add all": who was linked, and who is left for a person to pick. */
export const addedAllCard = (app: StaffApp, linked: readonly UserAppLink[], left: readonly DirectoryEntry[], people: readonly User[]): Card => {
  const nameOf = (l: UserAppLink) => people.find((u) => u.id === l.userId)?.displayName ?? 'someone';
  return card(linked.length ? `Linked ${linked.length} ${app.name} staff to people here` : `No ${app.name} staff could be linked by name`, {
    tone: linked.length ? 'success' : 'info',
    text: [
      ...linked.map((l) => `• ${l.name} → ${nameOf(l)}`),
      left.length ? `${left.length} left to pick: users here are people in this chat, and these have no one here of exactly their name yet. `
        + 'Ask them to run `/ignition help` once, then add them.' : 'Every staff member is now a user here.',
    ].join('\n'),
    rows: left.slice(0, maxRows).map((s) => ({ title: s.name, ...(s.email ? { text: s.email } : {}), buttons: [{ label: 'Add as a user', command: `staff add ${quoteArg(s.externalId)}` }] })),
    buttons: [{ label: 'People', command: 'users' }],
    footer: footerOf(more(left.length, '`staff` lists them'), sandboxNote(app)),
  });
};
