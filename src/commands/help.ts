import { card, type Card, type Row } from '../cards.js';
import type { Command } from './command.js';

const byGroup = (commands: readonly Command[]): Map<string, Command[]> => {
  const groups = new Map<string, Command[]>();
  for (const c of commands) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  return groups;
};

/** An area's verbs in one short line: "clients, client add|show|edit". */
const verbsLine = (list: readonly Command[]): string => {
  const byFirst = new Map<string, string[]>();
  for (const c of list) {
    const [first = '', ...more] = c.verb.split(' ');
    byFirst.set(first, [...(byFirst.get(first) ?? []), more.join(' ')]);
  }
  return [...byFirst].flatMap(([first, subs]) => {
    const bare = subs.includes('') ? [first] : [];
    const named = subs.filter(Boolean);
    return [...bare, ...(named.length ? [`${first} ${named.join('|')}`] : [])];
  }).join(', ');
};

const commandRows = (list: readonly Command[]): Row[] =>
  list.map((c) => ({ title: `/ignition ${c.usage}`, text: c.summary.replace(/\.?$/, '.') + (c.adminOnly ? ' (admins only)' : '') }));

/**
 * `help` is a short overview: each area with its verbs on one line. `help AREA` lists an area's
 * commands with their options, `help VERB` explains one (or every verb it starts), `help all` lists
 * everything.
 */
export const helpCards = (commands: readonly Command[], topic: string): Card[] => {
  const groups = byGroup(commands);
  const wanted = topic.trim().toLowerCase();
  if (wanted === 'all') {
    return [card('All Ignition commands', {
      text: 'Type `help VERB` for one command.',
      rows: [...groups].map(([group, list]) => ({
        title: group,
        text: list.map((c) => `\`${c.usage}\` — ${c.summary.replace(/\.?$/, '.')}${c.adminOnly ? ' (admins only)' : ''}`).join('\n'),
      })),
    })];
  }
  const area = [...groups.keys()].find((g) => g.toLowerCase() === wanted);
  if (area) {
    return [card(`Help: ${area}`, { rows: commandRows(groups.get(area)!), buttons: [{ label: 'All areas', command: 'help' }] })];
  }
  if (wanted) {
    const matches = commands.filter((c) => c.verb === wanted || c.verb.startsWith(`${wanted} `));
    if (matches.length) return [card(`Help: ${wanted}`, { rows: commandRows(matches) })];
  }
  return [card('Ignition commands', {
    text: (wanted ? `There is no command \`${wanted}\`. ` : '') +
      'What I can do, by area. Type `help AREA` (e.g. `help proposals`) or `help VERB` for the options, or `help all` for everything.',
    fields: [...groups].map(([group, list]) => ({ label: group, value: verbsLine(list) })),
    buttons: [{ label: 'All commands', command: 'help all' }],
  })];
};
