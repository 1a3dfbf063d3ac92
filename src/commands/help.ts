import { card, type Card } from '../cards.js';
import type { Command } from './command.js';

/** `help` lists every verb by group; `help VERB` explains one. */
export const helpCards = (commands: readonly Command[], topic: string): Card[] => {
  if (topic) {
    const matches = commands.filter((c) => c.verb === topic || c.verb.startsWith(`${topic} `));
    if (matches.length) {
      return [card(`Help: ${topic}`, {
        rows: matches.map((c) => ({ title: `/ignition ${c.usage}`, text: c.summary + (c.adminOnly ? ' (admins only)' : '') })),
      })];
    }
  }
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return [card('Ignition commands', {
    text: (topic ? `There is no command \`${topic}\`. ` : '') + 'Type `/ignition help VERB` for details on one command.',
    rows: [...groups].map(([group, list]) => ({
      title: group,
      text: list.map((c) => `\`${c.usage}\` — ${c.summary.replace(/\.?$/, '.')}`).join('\n'),
    })),
  })];
};
