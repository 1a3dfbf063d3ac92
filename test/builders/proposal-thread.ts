import type { ReplyTarget } from '../../src/chat.js';
import { InMemoryChatThreadStore } from '../fakes/in-memory-chat-threads.js';
import { proposalWorld, tokenOf } from './proposal-world.js';

/** Where `/ignition proposal send` was typed in Slack: the channel, and what expires or belongs to one person. */
export const slackChannel: ReplyTarget = { platform: 'slack', ref: { team: 'T1', channel: 'C7', responseUrl: 'https://hooks.slack.com/commands/T1/1/x', user: 'U1' } };

/** A one-line proposal for Acme Ltd, sent by Ann from `from`, with thread homes kept in memory. */
export const sentFromChannel = async (from?: ReplyTarget) => {
  const threadHomes = new InMemoryChatThreadStore();
  const w = await proposalWorld({ stores: { threadHomes } });
  await w.say('service add "Year-end accounts" price=1200 billing=upfront');
  await w.say('proposal new "Acme Ltd"');
  await w.say('proposal add "Year-end accounts"');
  const sent = await w.uc.sending.send(w.actor, 'P-1', 'jane@acme.example', from);
  if (!sent.ok) throw new Error('not sent');
  return { w, threadHomes, proposal: sent.value.proposal, token: tokenOf(sent.value.link) };
};
