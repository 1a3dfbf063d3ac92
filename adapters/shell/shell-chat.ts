import { createInterface } from 'node:readline';
import type { Card } from '../../src/cards.js';
import type { ChatCore, ConversationReplies, ReplyTarget } from '../../src/chat.js';
import type { NotificationEvent, Notifier } from '../../src/notify.js';
import { renderCards, type RenderOptions } from './render-text.js';

export const shellTarget: ReplyTarget = { platform: 'shell', ref: { session: 'terminal' } };
export const shellWorkspace = 'local';

type Printed = { readonly card: Card; readonly header?: string; readonly indent?: string };

/** The parts of a card a person reads; the footer (the install's sandbox note) and visibility don't make it another card. */
const readable = (c: Card): string => JSON.stringify([c.title, c.tone, c.text, c.fields, c.rows, c.buttons, c.form, c.links]);

/**
 * The terminal as the shell's one screen. In the shell the terminal is also the firm's channel, so
 * notifications (an acceptance, a finished sync) and progress are printed here as they happen. Every
 * print numbers its buttons from 1, and typing a number presses a button of the latest print.
 *
 * While a command runs its notifications are held, then printed with its reply; one that is the very
 * card the command replies with (an internal acceptance, a sync run from the shell) is printed once.
 *
 * Notifications of one thread (a proposal's life) are printed as a chain, since the terminal can't
 * nest them: the first under a "Thread:" heading, each later one as an indented "↳" reply naming it.
 */
export function createShellTerminal(o: { readonly write: (text: string) => void } & RenderOptions) {
  let lastCommands: readonly string[] = [];
  let held: { event: NotificationEvent; card: Card }[] | null = null;

  /** Each thread's first title, by thread key: what later posts of the thread name as theirs. */
  const threads = new Map<string, string>();

  const print = (items: readonly Printed[]): void => {
    if (!items.length) return;
    const rendered = renderCards(items.map((i) => i.card), { ...(o.ansi ? { ansi: true } : {}), headers: items.map((i) => i.header), indents: items.map((i) => i.indent) });
    lastCommands = rendered.commands;
    o.write(`${rendered.text}\n\n`);
  };
  const notice = (event: NotificationEvent, card: Card): Printed => {
    if (!card.thread) return { card, header: `[${event}]` };
    const root = threads.get(card.thread);
    if (root === undefined) {
      threads.set(card.thread, card.title);
      return { card, header: `Thread: ${card.title}\n[${event}]` };
    }
    return { card, header: `↳ [${event}] in the thread "${root}"`, indent: '    ' };
  };

  const notifier: Notifier = {
    async notify(_practiceId, event, card) {
      if (held) held.push({ event, card });
      else print([notice(event, card)]);
    },
  };

  let n = 0;
  const replies: ConversationReplies = {
    async post(_target, card) { print([{ card }]); return `shell-${++n}`; },
    async update(_target, _handle, card) { print([{ card }]); },
  };

  return {
    notifier,
    /** Progress and results of long work, printed as they come. */
    replies,
    /** Runs one command, holding its notifications, and prints them with its reply. */
    async command(work: () => Promise<readonly Card[]>): Promise<void> {
      held = [];
      const release = (replied: readonly Card[]): Printed[] => {
        const notices = held ?? [];
        held = null;
        const seen = new Set(replied.map(readable));
        return notices.filter((x) => !seen.has(readable(x.card))).map((x) => notice(x.event, x.card));
      };
      let cards: readonly Card[];
      try {
        cards = await work();
      } catch (error) {
        print(release([]));
        throw error;
      }
      print([...release(cards), ...cards.map((card) => ({ card }))]);
    },
    /** The command of button `number` on the latest print, if it has one. */
    button: (number: number): string | undefined => lastCommands[number - 1],
  };
}
export type ShellTerminal = ReturnType<typeof createShellTerminal>;

/**
 * The terminal as a chat (Hubot's convention): one command a line from stdin, typed or piped; cards
 * come back as text; typing a button's number presses it. Output goes through `write` so tests can
 * read it.
 */
export type ShellOptions = {
  readonly core: ChatCore;
  readonly user: { readonly name: string; readonly id: string };
  readonly input: NodeJS.ReadableStream;
  readonly write: (text: string) => void;
  readonly prompt?: boolean;
  /** Where cards are printed; shared with the notifier in `npm run shell`. A plain one on `write` otherwise. */
  readonly terminal?: ShellTerminal;
};

export function createShellChat(o: ShellOptions) {
  const terminal = o.terminal ?? createShellTerminal({ write: o.write });

  /** Runs one line: a button number from the last print, or a command. */
  const say = async (line: string): Promise<void> => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const isNumber = /^\d{1,3}$/.test(trimmed);
    const pressed = isNumber ? terminal.button(Number(trimmed)) : undefined;
    if (isNumber && !pressed) {
      o.write(`There is no button ${trimmed} on the last reply.\n`);
      return;
    }
    const text = pressed ?? trimmed;
    if (pressed) o.write(`> ${pressed}\n`);
    await terminal.command(async () => (await o.core.handle({
      identity: { platform: 'shell', workspaceId: shellWorkspace, userId: o.user.id },
      displayName: o.user.name,
      text,
      replyTo: shellTarget,
    })).cards);
  };

  /** Reads until EOF, one command at a time in order. */
  const run = async (): Promise<void> => {
    const lines = createInterface({ input: o.input, terminal: false });
    if (o.prompt) o.write('Type a command (try `help`), or a button number. Ctrl-D to quit.\n');
    for await (const line of lines) await say(line);
  };

  return { say, run };
}
