import type { CompleteError } from '../../domain/billing/schedule.js';
import type { ServiceInputError } from '../../domain/proposals/service-input.js';
import type { TransitionError } from '../../domain/proposals/proposal.js';
import type { Client } from '../../domain/practice/client.js';
import type { ClientMatch } from '../clients/matching.js';
import type { OfferedClient } from '../apps/offered-search.js';

export type ProposalError =
  | TransitionError
  | ServiceInputError
  | CompleteError
  | { kind: 'not-found'; what: 'proposal' | 'service' | 'template' | 'client' | 'schedule'; ref: string; hint?: string }
  | { kind: 'ambiguous'; what: 'client' | 'service' | 'schedule'; ref: string; matches: readonly string[] }
  | { kind: 'no-draft'; reason: string }
  /**
   * The name given matches existing clients (or none exactly, several nearly), or clients a connected
   * app offers for import: the person chooses one, or says "new".
   */
  | { kind: 'choose-client'; name: string; matches: readonly ClientMatch[]; offered: readonly OfferedClient[]; canCreate: boolean }
  /** The app's client a person picked could not become a client here; `client` is the one it is already tied to, when it is. */
  /** `decide`: the command of the record's import card, when a person must say whether it is a client here. */
  | { kind: 'not-imported'; app: string; name: string; reason: string; client?: Client; decide?: string }
  | { kind: 'conflict' };

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** One sentence a person can act on, for chat cards and the web page alike. */
export const explain = (e: ProposalError): string => {
  switch (e.kind) {
    case 'illegal-transition': return e.reason.startsWith('it ') ? `This proposal ${e.reason.slice(3)}.` : `${e.reason.charAt(0).toUpperCase()}${e.reason.slice(1)}.`;
    case 'expired': return `This proposal expired on ${day(e.expiredAt)}.`;
    case 'not-due': return `This proposal is open until ${day(e.expiresAt)}.`;
    case 'empty-proposal': return `Nothing to send yet: ${e.reason} (\`proposal add SERVICE\`).`;
    case 'invalid-signature': return `The signature is missing: ${e.reason}.`;
    case 'too-many-tiers': return `A proposal offers at most ${e.max} options. Add to an existing one with tier=NAME.`;
    case 'unknown-tier': return `There is no option "${e.tier}". Options: ${e.known.join(', ') || 'none yet'}.`;
    case 'tier-needed': return `This proposal has several options; say which with tier=${e.known.join('|')} or tier=all.`;
    case 'unknown-add-on': return `There is no add-on "${e.id}".`;
    case 'invalid-field': return `\`${e.field}\`: ${e.reason}.`;
    case 'not-on-completion': return `That service is billed ${e.scheduleKind}, not on completion, so there is nothing to mark complete.`;
    case 'already-complete': return `That service was already marked complete on ${e.completedOn}.`;
    case 'not-found': return `I can't find the ${e.what} "${e.ref}".${e.hint ? ` ${e.hint}` : ''}`;
    case 'ambiguous': return `"${e.ref}" matches more than one ${e.what}: ${e.matches.join(', ')}. Be more specific.`;
    case 'no-draft': return e.reason;
    case 'choose-client': return `"${e.name}" matches ${[...e.matches.map((m) => m.client.name), ...e.offered.map((o) => `${o.appName} customer ${o.name}`)].join(', ')}. Choose one${e.canCreate ? ', or add a new client with new-client=yes' : ''}.`;
    case 'not-imported': return `${e.app}'s "${e.name}" was not made a client here: ${e.reason}.`;
    case 'conflict': return 'Someone else changed this proposal at the same moment. Nothing was saved; try again.';
  }
};
