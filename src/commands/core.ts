import type { AuditLog, PracticeStore, UserStore } from '../../domain/practice/ports.js';
import { newPractice, type Practice } from '../../domain/practice/practice.js';
import type { Role, User } from '../../domain/practice/user.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId } from '../../domain/shared/ids.js';
import { card, errorCard, type Card } from '../cards.js';
import type { ChatCore, ChatReply, ChatRequest } from '../chat.js';
import { parseArgs, tokenize } from './args.js';
import { closest } from './closest.js';
import type { Command } from './command.js';
import { helpCards } from './help.js';

export type ChatCoreDeps = {
  readonly practices: PracticeStore;
  readonly users: UserStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commands: readonly Command[];
  /** The role a person gets the first time they speak: the shell is trusted, chat users start as staff. */
  readonly roleForNewUser: (request: ChatRequest) => Role;
  /** Added to the footer of every card, e.g. "Sandbox: Gusto is simulated on this install". */
  readonly footerNote?: string;
  readonly onError?: (error: unknown, request: ChatRequest) => void;
};

/** Adds the install-wide note (sandbox mode) to a card, once. */
const withFooter = (c: Card, note: string): Card =>
  c.footer?.includes('Sandbox') ? c : { ...c, footer: c.footer ? `${c.footer} · ${note}` : note };

const leadingWords = /^\/?(ignition|@?ignition)\b\s*/i;

/**
 * Words typed after a name=value pair, before the next pair: in every verb of the grammar positional
 * words come first, so these are the rest of a value typed without quotes (`trade-name=Maple Local`).
 */
const unquotedValue = (tokens: readonly string[]): { key: string; value: string; words: string[] } | null => {
  let pair: { key: string; value: string } | null = null;
  const words: string[] = [];
  for (const token of tokens) {
    const [named] = Object.entries(parseArgs([token]).named);
    if (named && words.length) break;
    if (named) pair = { key: named[0], value: named[1] };
    else if (pair) words.push(token);
  }
  return pair && words.length ? { ...pair, words } : null;
};

const needsQuotesCard = (u: { key: string; value: string; words: string[] }): Card => {
  const whole = [u.value, ...u.words].join(' ');
  return errorCard(`Put ${u.key} in quotes`, `I read \`${u.key}=${u.value}\` followed by "${u.words.join(' ')}". A value with spaces needs quotes: ` +
    `\`${u.key}="${whole}"\`. Other words go before the first name=value. Nothing was changed.`);
};

/** The one implementation of the `/ignition` grammar every chat adapter calls. */
export function createChatCore(d: ChatCoreDeps): ChatCore {
  const byVerb = new Map(d.commands.map((c) => [c.verb, c]));
  const verbs = [...byVerb.keys(), 'help'];

  const practiceFor = async (request: ChatRequest): Promise<Practice> => {
    const { platform, workspaceId } = request.identity;
    const found = await d.practices.findByWorkspace(platform, workspaceId);
    if (found) return found;
    const practice = newPractice(asId(d.ids.next()), 'My practice', d.clock.now());
    await d.practices.create(practice, { platform, workspaceId });
    return practice;
  };

  const userFor = async (practice: Practice, request: ChatRequest): Promise<User> => {
    const found = await d.users.findByIdentity(practice.id, request.identity);
    if (found) return found;
    const user: User = {
      id: asId(d.ids.next()),
      practiceId: practice.id,
      displayName: request.displayName,
      role: d.roleForNewUser(request),
      identities: [request.identity],
      createdAt: d.clock.now(),
    };
    await d.users.save(user);
    return user;
  };

  const adminsOnly = async (practice: Practice, command: Command): Promise<Card> => {
    const admins = (await d.users.list(practice.id)).filter((u) => u.role === 'admin').map((u) => u.displayName);
    return errorCard(
      'Admins only',
      `Only an admin can run \`${command.verb}\`. ` +
        (admins.length
          ? `Ask ${admins.join(' or ')}.`
          : 'This practice has no admin yet: run `/ignition setup` to become its first admin.'),
    );
  };

  const dispatch = async (request: ChatRequest): Promise<readonly Card[]> => {
    const tokens = tokenize(request.text.replace(leadingWords, ''));
    if (!tokens.ok) return [errorCard('Unclosed quote', 'A quote mark was opened but never closed. Check the command and try again.')];
    const words = tokens.value;
    const practice = await practiceFor(request);
    const user = await userFor(practice, request);
    const first = (words[0] ?? 'help').toLowerCase();
    const two = `${first} ${(words[1] ?? '').toLowerCase()}`;
    if (first === 'help') return helpCards(d.commands, words.slice(1).join(' ').toLowerCase());

    const command = byVerb.get(two) ?? byVerb.get(first);
    if (!command) {
      const guess = closest(two, verbs) ?? closest(first, verbs);
      return [
        errorCard(
          `I don't know \`${words.slice(0, 2).join(' ')}\``,
          guess ? `Did you mean \`${guess}\`?` : 'Here is what I can do.',
          guess ? [{ label: `Help on ${guess}`, command: `help ${guess}` }] : [{ label: 'Show all commands', command: 'help' }],
        ),
      ];
    }
    if (command.adminOnly && user.role !== 'admin') return [await adminsOnly(practice, command)];

    const argWords = words.slice(command.verb.split(' ').length);
    const unquoted = unquotedValue(argWords);
    if (unquoted) return [needsQuotesCard(unquoted)];
    const args = parseArgs(argWords);
    const cards = await command.run({ practice, user, request, args });
    if (command.audited !== false) {
      await d.audit.record({
        practiceId: practice.id,
        at: d.clock.now(),
        actor: user.displayName,
        chat: request.identity.platform,
        action: 'command',
        subject: command.verb,
        detail: { text: request.text.slice(0, 500) },
      });
    }
    return cards;
  };

  return {
    async handle(request: ChatRequest): Promise<ChatReply> {
      try {
        const cards = await dispatch(request);
        const footer = d.footerNote;
        return { cards: footer ? cards.map((c) => withFooter(c, footer)) : cards };
      } catch (error) {
        d.onError?.(error, request);
        return {
          cards: [card('Something went wrong', {
            tone: 'error',
            text: 'I could not finish that command and nothing was changed by the failing step. Try again in a minute; if it keeps failing, an admin can check the bot\'s log.',
          })],
        };
      }
    },
  };
}
