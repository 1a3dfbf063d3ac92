import { errorCard } from '../cards.js';
import type { Command } from '../commands/command.js';
import type { OutboxUseCases } from './use-cases.js';

/** The Retry button of a `<kind>.failed` card, typed or pressed. */
export const outboxCommands = (uc: Pick<OutboxUseCases, 'retry'>): Command[] => [{
  verb: 'retry-write', usage: 'retry-write ID', group: 'Apps',
  summary: 'Try again a write to an app that failed (the Retry button on its card); it is never made twice.',
  async run(c) {
    const id = c.args.positional[0];
    if (!id) return [errorCard('Which write?', '`retry-write ID` — the id is on the card that reported the failure.')];
    return [await uc.retry(c.practice.id, id)];
  },
}];
