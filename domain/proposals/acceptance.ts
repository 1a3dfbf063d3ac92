import type { Totals } from './pricing.js';
import type { Choice, ProposalLine } from './content.js';

/**
 * Who agreed, when and to exactly what. For a client signing on the web page the hash covers the
 * exact content they were shown; for an internal acceptance it covers the frozen snapshot.
 * Hashing is done outside the domain (it needs a crypto library).
 */
export type Evidence =
  | {
      readonly method: 'client';
      readonly signerName: string;
      readonly signedAt: Date;
      readonly ip: string;
      readonly userAgent: string;
      readonly contentSha256: string;
      /** The exact HTML the hash covers, kept so the hash can be re-checked years later. */
      readonly shownContent?: string;
    }
  | {
      readonly method: 'internal';
      /** The client as the firm names them; the firm member is `acceptedBy`. */
      readonly signerName: string;
      readonly signedAt: Date;
      readonly acceptedBy: string;
      readonly contentSha256: string;
    };

/** What was agreed, frozen at acceptance: later edits to services, client or terms never reach it. */
export type AcceptedSnapshot = {
  readonly title: string;
  readonly coverLetter: string;
  readonly clientName: string;
  readonly practiceName: string;
  readonly currency: string;
  readonly tier: { readonly id: string; readonly name: string };
  readonly lines: readonly ProposalLine[];
  readonly addOns: readonly ProposalLine[];
  readonly totals: Totals;
  /** The terms with every merge field filled in for the chosen tier. */
  readonly terms: string;
};

export type Acceptance = { readonly choice: Choice; readonly evidence: Evidence; readonly snapshot: AcceptedSnapshot };

/** Freezes an object graph, so any attempt to change an accepted snapshot throws in strict mode. */
export const deepFreeze = <T>(value: T): T => {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
};
