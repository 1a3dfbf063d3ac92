import type { ProposalError } from '../../../src/proposals/errors.js';

/** What a client reads when signing or declining fails; written for them, not for the firm. */
export const clientMessage = (e: ProposalError): string => {
  switch (e.kind) {
    case 'invalid-signature': return 'Type your full name to sign.';
    case 'unknown-tier': case 'tier-needed': return 'Choose one of the options.';
    case 'unknown-add-on': return 'One of the extras you ticked is no longer offered. Please review your choice.';
    case 'expired': return 'This proposal has expired.';
    case 'conflict': return 'Something changed while you were signing. Please try again.';
    case 'illegal-transition': return `This proposal is ${e.from} and can no longer be changed.`;
    default: return 'We could not record that. Please reload the page and try again.';
  }
};
