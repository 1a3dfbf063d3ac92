import { PassThrough } from 'node:stream';
import { createShellChat } from '../../adapters/shell/shell-chat.js';
import type { RunningBot } from '../../src/main.js';

/** Types lines into the shell adapter wired to a running bot, as Ada, and returns what it printed. */
export async function typeInto(bot: RunningBot, lines: string): Promise<string> {
  const input = new PassThrough();
  const out: string[] = [];
  const chat = createShellChat({ core: bot.app.core, user: { name: 'Ada', id: 'ada' }, input, write: (t) => out.push(t) });
  input.end(lines.endsWith('\n') ? lines : `${lines}\n`);
  await chat.run();
  return out.join('');
}
