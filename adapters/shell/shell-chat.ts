import { createInterface } from 'node:readline';
import type { Card } from '../../src/cards.js';
import type { ChatCore, ConversationReplies, ReplyTarget } from '../../src/chat.js';
import type { Notifier } from '../../src/notify.js';
import { renderCards } from './render-text.js';

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
  readonly notices?: ShellNotices;
};

export const shellTarget: ReplyTarget = { platform: 'shell', ref: { session: 'terminal' } };
export const shellWorkspace = 'local';

export function createShellChat(o: ShellOptions) {
  let lastCommands: readonly string[] = [];

  /** Runs one line: a button number from the last reply, or a command. */
  const say = async (line: string): Promise<void> => {
    const trimmed = line.trim();
    if (!trimmed) return;
    const pressed = /^\d{1,3}$/.test(trimmed) ? lastCommands[Number(trimmed) - 1] : undefined;
    if (/^\d{1,3}$/.test(trimmed) && !pressed) {
      o.write(`There is no button ${trimmed} on the last reply.\n`);
      return;
    }
    const text = pressed ?? trimmed;
    if (pressed) o.write(`> ${pressed}\n`);
    const reply = await o.core.handle({
      identity: { platform: 'shell', workspaceId: shellWorkspace, userId: o.user.id },
      displayName: o.user.name,
      text,
      replyTo: shellTarget,
    });
    const rendered = renderCards(reply.cards);
    lastCommands = rendered.commands;
    if (o.notices?.justShown(rendered.text)) return;
    o.write(`${rendered.text}\n\n`);
  };

  /** Reads until EOF, one command at a time in order. */
  const run = async (): Promise<void> => {
    const lines = createInterface({ input: o.input, terminal: false });
    if (o.prompt) o.write('Type a command (try `help`), or a button number. Ctrl-D to quit.\n');
    for await (const line of lines) await say(line);
  };

  return { say, run };
}

/** Progress and results of long work printed to the terminal as they come. */
export const shellReplies = (write: (text: string) => void): ConversationReplies => {
  let n = 0;
  const print = (c: Card) => write(`${renderCards([c]).text}\n\n`);
  return {
    async post(_target, c) { print(c); return `shell-${++n}`; },
    async update(_target, _handle, c) { print(c); },
  };
};

/**
 * In the shell the terminal is also the firm's channel: notifications (an acceptance, a finished
 * sync) are printed as they happen. A command whose reply is the very card it just announced (a
 * sync run from the shell) does not print it twice.
 */
export function createShellNotices(write: (text: string) => void) {
  let lastNotice = '';
  const notifier: Notifier = {
    async notify(_practiceId, event, c) {
      lastNotice = renderCards([c]).text;
      write(`[${event}]\n${lastNotice}\n\n`);
    },
  };
  return {
    notifier,
    /** True when `text` was the last notice printed; forgets it either way. */
    justShown(text: string): boolean {
      const shown = text === lastNotice;
      lastNotice = '';
      return shown;
    },
  };
}
export type ShellNotices = ReturnType<typeof createShellNotices>;
