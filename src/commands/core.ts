import type { AuditLog, ChatDirectory, PracticeStore, UserStore } from '../../domain/practice/ports.js';
import { newPractice, type Practice } from '../../domain/practice/practice.js';
import type { Role, User } from '../../domain/practice/user.js';
import type { Clock, IdGenerator } from '../../domain/shared/clock.js';
import { asId } from '../../domain/shared/ids.js';
import { card, errorCard, type Card } from '../cards.js';
import type { ChatCore, ChatReply, ChatRequest } from '../chat.js';
import { isFlag, parseArgs, tokenize, type ArgsError } from './args.js';
import { closest } from './closest.js';
import type { Command } from './command.js';
import { helpCards } from './help.js';

export type ChatCoreDeps = {
  readonly practices: PracticeStore;
  readonly users: UserStore;
  /** Finds practice and person together (one query on the database); by default asks the two stores in turn. */
  readonly directory?: ChatDirectory;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly commands: readonly Command[];
  /** The role a person gets the first time they speak: the shell is trusted, chat users start as staff. */
  readonly roleForNewUser: (request: ChatRequest) => Role;
  /** Added to the footer of every card, e.g. "Sandbox: APP is simulated on this install". */
  readonly footerNote?: string;
  readonly onError?: (error: unknown, request: ChatRequest) => void;
};

/** Adds the install-wide note (sandbox mode) to a card, once. */
const withFooter = (c: Card, note: string): Card =>
  c.footer?.includes('Sandbox') ? c : { ...c, footer: c.footer ? `${c.footer} · ${note}` : note };

const leadingWords = /^\/?(ignition|@?ignition)\b\s*/i;

const unreadableCard = (e: ArgsError): Card => e.kind === 'unbalanced-quote'
  ? errorCard('Unclosed quote', 'A quote mark was opened but never closed. Check the command and try again.')
  : errorCard('Invisible character in the command',
    `The command contains an invisible control character (U+${e.codePoint.toString(16).toUpperCase().padStart(4, '0')}), usually from a paste. Nothing was run: type the command again without it.`);

const unknownFlagCard = (command: Command, flag: string): Card => errorCard(
  `\`${command.verb}\` has no option \`${flag}\``,
  `Nothing was run: commands here take no --options, and \`${flag}\` would otherwise have become part of the text. ` +
    `Usage: \`${command.usage}\`. If you meant it as text, put it in quotes: "${flag}".`,
  [{ label: `Help on ${command.verb}`, command: `help ${command.verb}` }],
);

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

/** A directory made of the practice and user stores, asked one after the other. */
export const directoryOf = (practices: PracticeStore, users: UserStore): ChatDirectory => ({
  async whoIs(identity) {
    const practice = await practices.findByWorkspace(identity.platform, identity.workspaceId);
    return practice ? { practice, user: await users.findByIdentity(practice.id, identity) } : null;
  },
});

/** The one implementation of the `/ignition` grammar every chat adapter calls. */
export function createChatCore(d: ChatCoreDeps): ChatCore {
  const byVerb = new Map<string, Command>();
  // A second command under a verb would silently replace the first: refuse it at start-up instead.
  for (const c of d.commands) {
    if (byVerb.has(c.verb) || c.verb === 'help') throw new Error(`two commands use the verb "${c.verb}"`);
    byVerb.set(c.verb, c);
  }
  const verbs = [...byVerb.keys(), 'help'];
  const directory = d.directory ?? directoryOf(d.practices, d.users);

  /** Who is asking. A new team's or person's first requests often arrive together: create() and add() settle on one. */
  const whoIs = async (request: ChatRequest): Promise<{ practice: Practice; user: User }> => {
    const { platform, workspaceId } = request.identity;
    const found = await directory.whoIs(request.identity);
    const practice = found?.practice ?? (await d.practices.create(newPractice(asId(d.ids.next()), 'My practice', d.clock.now()), { platform, workspaceId }));
    const user = found?.user ?? (await d.users.add({
      id: asId(d.ids.next()),
      practiceId: practice.id,
      displayName: request.displayName,
      role: d.roleForNewUser(request),
      identities: [request.identity],
      createdAt: d.clock.now(),
    }));
    return { practice, user };
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
    if (!tokens.ok) return [unreadableCard(tokens.error)];
    const words = tokens.value.map((t) => t.text);
    const { practice, user } = await whoIs(request);
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

    const argsFrom = command.verb.split(' ').length;
    const flag = tokens.value.slice(argsFrom).find(isFlag);
    if (flag) return [unknownFlagCard(command, flag.text)];
    const argWords = words.slice(argsFrom);
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
