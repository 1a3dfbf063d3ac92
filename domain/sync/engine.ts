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
const tracked = (p: FieldPolicy): boolean => p === 'two-way' || p === 'inbound' || p === 'inbound-changes';

type FieldState = { readonly ours: unknown; readonly theirs: unknown; readonly base: { readonly value: unknown } | null };

const inbound = ({ ours, theirs }: FieldState): Step =>
  sameValue(ours, theirs) ? { kind: 'agree', value: theirs } : { kind: 'copy-in', value: theirs };

/** The app's value is remembered when first seen; after that, only a move away from it is copied in. */
const inboundChanges = ({ ours, theirs, base }: FieldState): Step => {
  if (!base || sameValue(theirs, base.value)) return { kind: 'agree', value: base ? base.value : theirs };
  return sameValue(ours, theirs) ? { kind: 'agree', value: theirs } : { kind: 'copy-in', value: theirs };
};

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
    case 'inbound-changes': return inboundChanges(s);
    case 'first-sync-only': return firstSyncOnly(s, firstSync);
    case 'outbound-on-accept': return { kind: 'leave' };
    case 'two-way': return pending ? twoWayPending(s, pending) : twoWay(s);
  }
};

/** The plan while it is being built. */
type Draft = {
  readonly toOurs: FieldChange[]; readonly toTheirs: FieldChange[]; readonly conflicts: FieldConflict[]; readonly ignored: FieldChange[];
  readonly baseline: Record<string, unknown>; readonly pending: Record<string, PendingWrite>;
};

/** One field's context: its policy, both values, what was agreed before, and any write still owed. */
type FieldContext = { readonly field: string; readonly policy: FieldPolicy; readonly state: FieldState; readonly owed?: PendingWrite };

const decide = (c: FieldContext, input: SyncInput): Step | { readonly kind: 'kept-out'; readonly differs: boolean } => {
  if (!inLevel(c.field, input.level)) {
    const acts = c.policy !== 'outbound-on-accept' && (c.policy !== 'first-sync-only' || input.firstSync);
    // A difference the link began with is no change the level kept out.
    const moved = c.policy !== 'inbound-changes' || (!!c.state.base && !sameValue(c.state.theirs, c.state.base.value));
    return { kind: 'kept-out', differs: acts && moved && !sameValue(c.state.ours, c.state.theirs) };
  }
  return stepFor(c.policy, c.state, c.owed, input.firstSync);
};

const record = (plan: Draft, c: FieldContext, step: ReturnType<typeof decide>): void => {
  const { field, policy, state: { ours, theirs, base } } = c;
  const keep = (stillOwed: boolean) => {
    if (tracked(policy) && base) plan.baseline[field] = base.value;
    if (c.owed && stillOwed) plan.pending[field] = c.owed;
  };
  const agree = (value: unknown) => { if (tracked(policy)) plan.baseline[field] = storedValue(value); };
  switch (step.kind) {
    case 'kept-out':
      if (step.differs) plan.ignored.push({ field, from: ours, to: theirs });
      return keep(true);
    case 'leave':
    case 'in-flight':
      return keep(true);
    case 'conflict':
      // A conflict reached past an owed write means the app moved on from it: it is no longer in flight.
      plan.conflicts.push({ field, ours, theirs, baseline: step.baseline });
      return keep(false);
    case 'agree':
      return agree(step.value);
    case 'copy-in':
      plan.toOurs.push({ field, from: ours, to: step.value });
      return agree(step.value);
    case 'copy-out':
      plan.toTheirs.push({ field, from: theirs, to: step.value });
      plan.pending[field] = { from: storedValue(step.appHad), to: storedValue(step.value) };
      return agree(step.value);
  }
};

/**
 * Decides one sync of a linked client under the app's field policies and the link's sync level.
 * Pure: the caller applies `toOurs`, queues `toTheirs`, and stores `baseline`, `pending` and `conflicts` on the link.
 */
export function planSync(input: SyncInput): SyncPlan {
  const prior = input.firstSync ? {} : (input.baseline ?? {});
  const plan: Draft = { toOurs: [], toTheirs: [], baseline: {}, pending: {}, conflicts: [], ignored: [] };
  for (const [field, policy] of Object.entries(input.policies)) {
    const state = { ours: input.ours[field], theirs: input.theirs[field], base: field in prior ? { value: prior[field] } : null };
    const owed = input.firstSync ? undefined : input.pending?.[field];
    const c: FieldContext = { field, policy, state, ...(owed ? { owed } : {}) };
    record(plan, c, decide(c, input));
  }
  return plan;
}
