import { err, ok, type Result } from '../shared/result.js';
import { totalsOf, type PricedLine, type Totals } from './pricing.js';
import { mergeText, unknownMergeFields, type MergeValues } from './terms.js';
import type { ServiceId } from './service.js';

/** A service as priced on one proposal: a copy, so later library edits never change a sent proposal. */
export type ProposalLine = PricedLine & {
  readonly id: string;
  readonly serviceId?: ServiceId;
  /** Lines are grouped under section headings on the page ("Compliance", "Advisory"). */
  readonly section: string;
};

export type Tier = { readonly id: string; readonly name: string; readonly lines: readonly ProposalLine[] };

export type ProposalContent = {
  readonly title: string;
  /** Written with merge fields, like the terms. */
  readonly coverLetter: string;
  /** One to three options; the client picks exactly one. */
  readonly tiers: readonly Tier[];
  /** Optional extras the client may tick, whichever tier they pick. */
  readonly addOns: readonly ProposalLine[];
  /** Terms written with merge fields, merged when shown. */
  readonly terms: string;
  /** How long the link stays open after sending. */
  readonly validDays: number;
};

export const maxTiers = 3;
export type ContentError =
  | { kind: 'too-many-tiers'; max: number }
  | { kind: 'unknown-tier'; tier: string; known: readonly string[] }
  | { kind: 'tier-needed'; known: readonly string[] }
  | { kind: 'unknown-add-on'; id: string };

export type LinePlacement = { readonly tier?: string; readonly addOn?: boolean };

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Puts a line in a tier (created by name if there are fewer than three), in every tier ("all"),
 * or among the add-ons. With no tier named, a proposal with one tier (or none yet) takes it there.
 */
export const placeLine = (
  c: ProposalContent, line: ProposalLine, at: LinePlacement, newTierId: () => string,
): Result<ProposalContent, ContentError> => {
  if (at.addOn) return ok({ ...c, addOns: [...c.addOns, line] });
  const names = c.tiers.map((t) => t.name);
  if (at.tier && sameName(at.tier, 'all')) {
    if (!c.tiers.length) return ok({ ...c, tiers: [{ id: newTierId(), name: 'Standard', lines: [line] }] });
    return ok({ ...c, tiers: c.tiers.map((t, i) => ({ ...t, lines: [...t.lines, { ...line, id: `${line.id}-${i + 1}` }] })) });
  }
  if (!at.tier && c.tiers.length > 1) return err({ kind: 'tier-needed', known: names });
  const wanted = at.tier ?? c.tiers[0]?.name ?? 'Standard';
  const existing = c.tiers.find((t) => sameName(t.name, wanted));
  if (existing) {
    return ok({ ...c, tiers: c.tiers.map((t) => (t === existing ? { ...t, lines: [...t.lines, line] } : t)) });
  }
  if (c.tiers.length >= maxTiers) return err({ kind: 'too-many-tiers', max: maxTiers });
  return ok({ ...c, tiers: [...c.tiers, { id: newTierId(), name: wanted.trim(), lines: [line] }] });
};

/** Removes a line (by id) from wherever it sits; tiers left empty disappear. */
export const removeLine = (c: ProposalContent, lineId: string): ProposalContent => ({
  ...c,
  tiers: c.tiers.map((t) => ({ ...t, lines: t.lines.filter((l) => l.id !== lineId) })).filter((t) => t.lines.length),
  addOns: c.addOns.filter((l) => l.id !== lineId),
});

export type Choice = { readonly tierId: string; readonly addOnIds: readonly string[] };

/** The lines a choice buys: the tier's lines then the ticked add-ons, or why the choice is invalid. */
export const chosenLines = (c: ProposalContent, choice: Choice): Result<{ tier: Tier; addOns: ProposalLine[] }, ContentError> => {
  const tier = c.tiers.find((t) => t.id === choice.tierId);
  if (!tier) return err({ kind: 'unknown-tier', tier: choice.tierId, known: c.tiers.map((t) => t.name) });
  const addOns: ProposalLine[] = [];
  for (const id of new Set(choice.addOnIds)) {
    const addOn = c.addOns.find((a) => a.id === id);
    if (!addOn) return err({ kind: 'unknown-add-on', id });
    addOns.push(addOn);
  }
  return ok({ tier, addOns });
};

export const tierTotals = (tier: Tier, addOns: readonly ProposalLine[] = []): Totals => totalsOf([...tier.lines, ...addOns]);

/** Sections in first-seen order, each with its lines: the page and cards list services this way. */
export const bySection = (lines: readonly ProposalLine[]): [string, ProposalLine[]][] => {
  const groups = new Map<string, ProposalLine[]>();
  for (const l of lines) groups.set(l.section, [...(groups.get(l.section) ?? []), l]);
  return [...groups];
};

export const emptyContent = (title: string, terms: string): ProposalContent => ({
  title, coverLetter: '', tiers: [], addOns: [], terms, validDays: 30,
});

/** The cover letter and terms with their merge fields filled in: one mechanism for both, wherever they are shown or kept. */
export const mergedContent = (c: ProposalContent, values: MergeValues): { readonly coverLetter: string; readonly terms: string } => ({
  coverLetter: mergeText(c.coverLetter, values),
  terms: mergeText(c.terms, values),
});

/**
 * Merge fields that would not merge in the cover letter or terms as a person types them
 * (`proposal edit cover=… terms=…`): the first part with a typo, so it is refused when saved.
 */
export const unknownMergeFieldsIn = (typed: { readonly cover?: string; readonly terms?: string }): { part: 'cover' | 'terms'; fields: string[] } | null => {
  for (const part of ['cover', 'terms'] as const) {
    const text = typed[part];
    const fields = text === undefined ? [] : unknownMergeFields(text);
    if (fields.length) return { part, fields };
  }
  return null;
};
