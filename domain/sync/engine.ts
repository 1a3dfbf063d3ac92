import type { FieldPolicies, FieldPolicy, SyncLevel } from './field-policy.js';
import type { FieldChange, FieldConflict, PendingWrite, PendingWrites } from './link-state.js';
import { isEmptyValue, sameValue, storedValue, type FieldValues } from './values.js';

export type SyncInput = {
  readonly ours: FieldValues;
  readonly theirs: FieldValues;
  /** The values both sides agreed on at the last sync; absent before the first. */
  readonly baseline?: FieldValues;
  readonly pending?: PendingWrites;
  readonly policies: FieldPolicies;
  readonly level: SyncLevel;
  readonly firstSync: boolean;
};

export type SyncPlan = {
  /** Apply to our client. */
  readonly toOurs: readonly FieldChange[];
  /** Send to the app (two-way fields changed on our side); each is also in `pending` until the app shows it. */
  readonly toTheirs: readonly FieldChange[];
  /** Store on the link: the new agreed values (a conflicted field keeps its old one). */
  readonly baseline: FieldValues;
  readonly pending: PendingWrites;
  /** Every open conflict, recomputed each sync: one that both sides have since settled simply disappears. */
  readonly conflicts: readonly FieldConflict[];
  /** Differences the link's sync level kept out (`from` ours, `to` the app's), so a card can say what was not applied. */
  readonly ignored: readonly FieldChange[];
};

/** The fields the "names" level lets through: a client's names and nothing else. */
export const nameFields: readonly string[] = ['name', 'tradeName'];

/** What the engine decides for one field. */
type Step =
  | { readonly kind: 'agree'; readonly value: unknown }
  | { readonly kind: 'copy-in'; readonly value: unknown }
  | { readonly kind: 'copy-out'; readonly value: unknown; readonly appHad: unknown }
  | { readonly kind: 'conflict'; readonly baseline: unknown }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'leave' };

/** The baseline keeps what both sides agreed on for fields that keep syncing after the link is made. */
const tracked = (p: FieldPolicy): boolean => p === 'two-way' || p === 'inbound';

type FieldState = { readonly ours: unknown; readonly theirs: unknown; readonly base: { readonly value: unknown } | null };

const inbound = ({ ours, theirs }: FieldState): Step =>
  sameValue(ours, theirs) ? { kind: 'agree', value: theirs } : { kind: 'copy-in', value: theirs };

/** Copied when the link is made, and only to give our client something it lacks or differs in; an app with nothing clears nothing. */
const firstSyncOnly = ({ ours, theirs }: FieldState, firstSync: boolean): Step =>
  firstSync && !isEmptyValue(theirs) && !sameValue(ours, theirs) ? { kind: 'copy-in', value: theirs } : { kind: 'leave' };

/** Two-way with no agreed value yet: fill whichever side is empty; two different values are a conflict. */
const twoWayUnseen = ({ ours, theirs }: FieldState): Step => {
  if (sameValue(ours, theirs)) return { kind: 'agree', value: ours };
  if (isEmptyValue(ours)) return { kind: 'copy-in', value: theirs };
  if (isEmptyValue(theirs)) return { kind: 'copy-out', value: ours, appHad: theirs };
  return { kind: 'conflict', baseline: undefined };
};

/** Two-way against the baseline: the side that moved away from it wins; both moving differently is a conflict. */
const twoWay = (s: FieldState): Step => {
  if (!s.base) return twoWayUnseen(s);
  const oursMoved = !sameValue(s.ours, s.base.value);
  const theirsMoved = !sameValue(s.theirs, s.base.value);
  if (!oursMoved && !theirsMoved) return { kind: 'agree', value: s.base.value };
  if (oursMoved && !theirsMoved) return { kind: 'copy-out', value: s.ours, appHad: s.theirs };
  if (!oursMoved) return { kind: 'copy-in', value: s.theirs };
  return sameValue(s.ours, s.theirs) ? { kind: 'agree', value: s.ours } : { kind: 'conflict', baseline: s.base.value };
};

/**
 * A two-way field with one of our writes outstanding. While the app still shows what it had when we
 * decided to send, the write is in flight, not an app change; once it shows our value (or anything
 * else), the ordinary rule takes over against the value we sent.
 */
const twoWayPending = (s: FieldState, p: PendingWrite): Step => {
  if (!sameValue(s.theirs, p.from) || sameValue(s.theirs, p.to)) return twoWay({ ...s, base: { value: p.to } });
  return sameValue(s.ours, p.to) ? { kind: 'in-flight' } : { kind: 'copy-out', value: s.ours, appHad: s.theirs };
};

const inLevel = (field: string, level: SyncLevel): boolean => level === 'all' || (level === 'names' && nameFields.includes(field));

const stepFor = (policy: FieldPolicy, s: FieldState, pending: PendingWrite | undefined, firstSync: boolean): Step => {
  switch (policy) {
    case 'inbound': return inbound(s);
    case 'first-sync-only': return firstSyncOnly(s, firstSync);
    case 'outbound-on-accept': return { kind: 'leave' };
    case 'two-way': return pending ? twoWayPending(s, pending) : twoWay(s);
  }
};

/**
 * Decides one sync of a linked client under the app's field policies and the link's sync level.
 * Pure: the caller applies `toOurs`, queues `toTheirs`, and stores `baseline`, `pending` and `conflicts` on the link.
 */
export function planSync(input: SyncInput): SyncPlan {
  const prior = input.firstSync ? {} : (input.baseline ?? {});
  const baseline: Record<string, unknown> = {};
  const pending: Record<string, PendingWrite> = {};
  const toOurs: FieldChange[] = [];
  const toTheirs: FieldChange[] = [];
  const conflicts: FieldConflict[] = [];
  const ignored: FieldChange[] = [];

  for (const [field, policy] of Object.entries(input.policies)) {
    const ours = input.ours[field];
    const theirs = input.theirs[field];
    const owed = input.firstSync ? undefined : input.pending?.[field];
    const keep = (stillOwed: boolean) => {
      if (tracked(policy) && field in prior) baseline[field] = prior[field];
      if (owed && stillOwed) pending[field] = owed;
    };
    if (!inLevel(field, input.level)) {
      const acts = policy !== 'outbound-on-accept' && (policy !== 'first-sync-only' || input.firstSync);
      if (acts && !sameValue(ours, theirs)) ignored.push({ field, from: ours, to: theirs });
      keep(true);
      continue;
    }
    const step = stepFor(policy, { ours, theirs, base: field in prior ? { value: prior[field] } : null }, owed, input.firstSync);
    switch (step.kind) {
      case 'leave':
      case 'in-flight':
        keep(true);
        break;
      case 'conflict':
        // A conflict reached past an owed write means the app moved on from it: it is no longer in flight.
        conflicts.push({ field, ours, theirs, baseline: step.baseline });
        keep(false);
        break;
      case 'agree':
        if (tracked(policy)) baseline[field] = storedValue(step.value);
        break;
      case 'copy-in':
        toOurs.push({ field, from: ours, to: step.value });
        if (tracked(policy)) baseline[field] = storedValue(step.value);
        break;
      case 'copy-out':
        toTheirs.push({ field, from: theirs, to: step.value });
        baseline[field] = storedValue(step.value);
        pending[field] = { from: storedValue(step.appHad), to: storedValue(step.value) };
        break;
    }
  }
  return { toOurs, toTheirs, baseline, pending, conflicts, ignored };
}
