import { errorCard } from '../cards.js';
import { rest } from '../commands/args.js';
import type { Command } from '../commands/command.js';
import type { ProposalUseCases } from './use-cases.js';

const usage = 'proposal smart-billing P-12 [SERVICE company=NAME|later|off]';

/** `proposal smart-billing`: Smart Billing for per-unit services, shown as a panel or changed one service at a time. */
export const smartBillingCommands = (uc: ProposalUseCases): Command[] => [{
  verb: 'proposal smart-billing', usage, group: 'Proposals',
  summary: 'Bill a per-employee service at the active employee count Gusto reports (Labs).',
  async run(c) {
    const ref = c.args.positional[0];
    const actor = { practice: c.practice, user: c.user };
    if (!ref) return [errorCard('Which proposal?', `\`${usage}\` — give the proposal number (see \`proposals\`).`)];
    const service = rest(c.args, 1) || c.args.named.service || '';
    const value = c.args.named.company?.trim() ?? '';
    if (!service && !value) return [await uc.smartBilling.panel(actor, ref)];
    if (!service) return [errorCard('Which service?', `Name the service before company=, e.g. \`proposal smart-billing ${ref} "Payroll" company=${value}\`.`)];
    if (!value) {
      return [errorCard('Which Gusto company?', `Add company=NAME to bill that company's active employees, company=later to choose once the client's Gusto is connected, or company=off.`,
        [{ label: 'Smart Billing options', command: `proposal smart-billing ${ref}` }])];
    }
    return [await uc.smartBilling.choose(actor, ref, service, value)];
  },
}];
