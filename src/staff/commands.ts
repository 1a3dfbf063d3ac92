/**
 * The staff verbs: `staff` (the app's staff and who is a user here), `staff add STAFF|all`, and
 * `user link @someone APP=STAFF` / `user unlink @someone APP` (the seed's "XPM user linking dropdown").
 */
import type { User } from '../../domain/practice/user.js';
import { card, errorCard, type Card } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command, CommandContext } from '../commands/command.js';
import { findPerson } from '../chat-setup/people.js';
import { addedAllCard, linkedCard, linkRefusedCard, pickPersonCard, pickStaffCard, staffCard } from './cards.js';
import type { StaffUseCases } from './use-cases.js';

const group = 'People and channels';

/** The person a command names: `me`, a mention or a display name. */
const person = async (s: StaffUseCases, ctx: CommandContext, who: string): Promise<{ user: User } | { problem: string }> =>
  who.toLowerCase() === 'me' ? { user: ctx.user } : findPerson(await s.view(ctx.practice.id).then((v) => v.people), who);

export const staffCommands = (s: StaffUseCases): Command[] => {
  const app = s.app;
  const noStaff = () => linkRefusedCard(app, { kind: 'no-staff' }, '', [], null, '');

  const list = async ({ practice }: CommandContext): Promise<Card[]> => {
    const v = await s.view(practice.id);
    if (v.importedAt === null) return [noStaff()];
    if (!v.staff.length) return [card(`${app.name} has no staff`, { text: `Its staff list was empty at the last import. Staff are read again on \`sync ${app.id}\`.` })];
    return [staffCard(app, v.staff, v.links, v.people)];
  };

  const add = async (ctx: CommandContext): Promise<Card[]> => {
    const { practice, user } = ctx;
    const ref = rest(ctx.args);
    if (!ref) return [errorCard('Which staff member?', `\`staff add NAME\` adds one of ${app.name}'s staff as a user, \`staff add all\` every one with a namesake here.`, [{ label: 'All staff', command: 'staff' }])];
    if (ref.toLowerCase() === 'all') {
      const r = await s.addAll(practice.id);
      if (!r.imported) return [noStaff()];
      return [addedAllCard(app, r.linked, r.left, (await s.view(practice.id)).people)];
    }
    const staff = await s.findStaff(practice.id, ref);
    if (!staff.ok) return [linkRefusedCard(app, staff.error, ref, [], null, '')];
    const v = await s.view(practice.id);
    const holder = v.links.find((l) => l.externalId === staff.value.externalId);
    if (holder) {
      const who = v.people.find((u) => u.id === holder.userId);
      return [card(`${staff.value.name} is already a user here`, { text: `${who?.displayName ?? 'Someone'} is ${staff.value.name} in ${app.name}.`, buttons: [{ label: 'People', command: 'users' }] })];
    }
    return [pickPersonCard(app, staff.value, v.people, v.links, user)];
  };

  const link = async (ctx: CommandContext): Promise<Card[]> => {
    const { practice } = ctx;
    const who = rest(ctx.args);
    const staffRef = ctx.args.named[app.id]?.trim() ?? '';
    if (!who) {
      if (!staffRef) return [errorCard('Who should I link?', `\`user link @someone ${app.id}=STAFF\` links a person here to one of ${app.name}'s staff.`, [{ label: 'All staff', command: 'staff' }])];
      const staff = await s.findStaff(practice.id, staffRef);
      if (!staff.ok) return [linkRefusedCard(app, staff.error, staffRef, [], null, '')];
      const v = await s.view(practice.id);
      return [pickPersonCard(app, staff.value, v.people, v.links, ctx.user)];
    }
    const found = await person(s, ctx, who);
    if ('problem' in found) return [errorCard(`Can't link ${who}`, found.problem, [{ label: 'People', command: 'users' }])];
    if (!staffRef) {
      const v = await s.view(practice.id);
      if (v.importedAt === null) return [noStaff()];
      return [pickStaffCard(app, found.user, who, await s.unlinked(practice.id))];
    }
    const linked = await s.link(practice.id, found.user, staffRef);
    if (linked.ok) return [linkedCard(app, found.user, linked.value)];
    const staff = linked.error.kind === 'not-found' ? await s.unlinked(practice.id) : [];
    return [linkRefusedCard(app, linked.error, staffRef, staff, found.user, who)];
  };

  const unlink = async (ctx: CommandContext): Promise<Card[]> => {
    const words = ctx.args.positional.filter((w, i, all) => !(i === all.length - 1 && w.toLowerCase() === app.id));
    const who = words.join(' ').trim();
    if (!who) return [errorCard('Who should I unlink?', `\`user unlink @someone ${app.id}\` removes their link to ${app.name}'s staff.`)];
    const found = await person(s, ctx, who);
    if ('problem' in found) return [errorCard(`Can't unlink ${who}`, found.problem, [{ label: 'People', command: 'users' }])];
    const removed = await s.unlink(ctx.practice.id, found.user);
    if (!removed) return [card(`${found.user.displayName} was not linked to ${app.name}`, { text: 'Nothing changed.' })];
    return [card(`${found.user.displayName} is no longer ${removed.name} in ${app.name}`, {
      tone: 'success',
      text: `They stay a user here, and ${removed.name} stays in ${app.name}; as a client's partner or manager, ${removed.name} is now left out of the sync.`,
      buttons: [{ label: 'People', command: 'users' }, { label: 'Link again', command: `user link ${ctx.args.positional.join(' ')} ${app.id}=${removed.externalId}` }],
    })];
  };

  return [
    { verb: 'staff', usage: 'staff', summary: `List ${app.name}'s staff and who is a user here`, group, audited: false, run: list },
    { verb: 'staff add', usage: 'staff add NAME|all', summary: `Add ${app.name} staff as users`, group, adminOnly: true, run: add },
    { verb: 'user link', usage: `user link @someone ${app.id}=STAFF`, summary: `Link someone to their ${app.name} staff member`, group, adminOnly: true, run: link },
    { verb: 'user unlink', usage: `user unlink @someone ${app.id}`, summary: `Remove someone's link to ${app.name}'s staff`, group, adminOnly: true, run: unlink },
  ];
};
