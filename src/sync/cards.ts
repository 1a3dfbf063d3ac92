import { plural } from '../../domain/shared/plural.js';
import { fieldLabel } from '../../domain/sync/client-values.js';
import type { AppNames } from '../apps/registered.js';
import { card, errorCard, type Card, type Row } from '../cards.js';
import { findErrorCard } from '../clients/cards.js';
import { quoteArg } from '../commands/command.js';
import type { OpenConflict, Resolved, ResolveError } from './use-cases.js';

/** A synced value as a person reads it: an address on one line, a contact list one person a line. */
export const shownValue = (v: unknown): string => {
  if (v === undefined || v === null || v === '' || (Array.isArray(v) && !v.length)) return '(empty)';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(shownValue).join('\n');
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).filter((x) => x !== undefined && x !== null && x !== '').map(String).join(', ');
  return String(v);
};

const resolveCommand = (o: OpenConflict, keep: 'ours' | 'theirs') =>
  `resolve-conflict ${quoteArg(o.client.id)} ${o.conflict.field} ${keep} app=${o.link.provider}`;

const conflictRow = (nameOf: AppNames) => (o: OpenConflict): Row => ({
  title: `${o.client.name}: ${fieldLabel(o.conflict.field)} (${nameOf(o.link.provider)})`,
  fields: [
    { label: 'Ours', value: shownValue(o.conflict.ours) },
    { label: `${nameOf(o.link.provider)}'s`, value: shownValue(o.conflict.theirs) },
    { label: 'Agreed at the last sync', value: o.conflict.baseline === undefined ? '(never synced)' : shownValue(o.conflict.baseline) },
  ],
  buttons: [
    { label: 'Keep ours', command: resolveCommand(o, 'ours'), style: 'primary' },
    { label: 'Keep theirs', command: resolveCommand(o, 'theirs') },
  ],
});

/** Open conflicts: both values side by side, with "Keep ours" / "Keep theirs" on each. */
export const conflictsCard = (open: readonly OpenConflict[], nameOf: AppNames, clientQuery?: string): Card => {
  if (!open.length) {
    return card(clientQuery ? `No sync conflicts for "${clientQuery}"` : 'No sync conflicts', {
      tone: 'success',
      text: 'Every two-way field agrees with the apps, or one side changed and was copied to the other.',
    });
  }
  return card(`${plural(open.length, 'sync conflict')} to settle`, {
    tone: 'warning',
    text: 'Both sides changed these fields differently since they last agreed, so neither was overwritten. Pick the value to keep; the other side is updated to match.',
    rows: open.map(conflictRow(nameOf)),
  });
};

export const resolvedCard = (r: Resolved, nameOf: AppNames): Card => {
  const app = nameOf(r.link.provider);
  const field = fieldLabel(r.conflict.field);
  return card(`${r.client.name}: ${field} settled`, {
    tone: 'success',
    text: r.kept === 'theirs'
      ? `Kept ${app}'s ${field}: ${shownValue(r.conflict.theirs)}. Our client record now has it.`
      : `Kept our ${field}: ${shownValue(r.conflict.ours)}. It is queued for ${app}; until ${app} shows it, syncs leave the field alone.`,
    buttons: [{ label: 'Other conflicts', command: 'conflicts' }],
  });
};

export const resolveErrorCard = (e: ResolveError): Card => {
  switch (e.kind) {
    case 'not-found':
    case 'ambiguous':
      return findErrorCard(e);
    case 'no-conflict':
      return errorCard(`${e.client.name} has no conflict on ${fieldLabel(e.field)}`, 'It may have been settled already, by a person or by both sides agreeing at the last sync.', [
        { label: 'Open conflicts', command: `conflicts ${quoteArg(e.client.id)}` },
      ]);
    case 'which-app':
      return errorCard(`${e.client.name}'s ${fieldLabel(e.field)} conflicts in more than one app`, `Say which: ${e.apps.map((a) => `app=${a}`).join(' or ')}.`, [
        { label: 'Open conflicts', command: `conflicts ${quoteArg(e.client.id)}` },
      ]);
    case 'name-taken':
      return errorCard(`Another client is already named "${e.name}"`, `Client names are unique, so ${e.client.name} keeps its name for now and nothing changed. Rename the other client first, or keep ours.`);
  }
};
