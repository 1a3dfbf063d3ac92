import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Card } from '../../../src/cards.js';
import { SlashCommand } from '../ids.js';
import { slackRequest } from '../request.js';
import { renderCards } from '../views/message.js';
import { formCard, freshContext, openForm, responseType, sendCards, within, type ListenerDeps } from './shared.js';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

const working = (text: string): Card =>
  ({ title: 'Working on it', text: `\`/ignition ${text}\` is taking a moment. I'll post the answer here as soon as it's ready.` });

/**
 * `/ignition …`: quick answers travel in the ack itself; anything slower than the ack budget is acked
 * with a "working on it" note and answered through response_url, which replaces that note.
 */
export const onSlashCommand = (d: ListenerDeps) =>
  async ({ command, ack, respond, client }: CommandArgs): Promise<void> => {
    const place = {
      team: command.team_id, user: command.user_id, userName: command.user_name,
      channel: command.channel_id, channelName: command.channel_name, responseUrl: command.response_url,
    };
    const request = slackRequest(place, command.text);
    const pending = d.core.handle(request);
    const reply = await within(pending, d.ackBudgetMs);
    if (!reply) {
      const [note] = renderCards([working(request.text)]);
      await ack({ response_type: 'ephemeral', ...note! });
      const late = (await pending).cards;
      await sendCards(late, freshContext(d.cache, late, request.text), (m) => respond(m), true);
      return;
    }
    const ctx = freshContext(d.cache, reply.cards, request.text);
    const withForm = formCard(reply.cards);
    if (withForm) {
      await ack();
      const opened = await openForm(client, command.trigger_id, withForm, { submit: withForm.form!.submit, channel: command.channel_id, responseUrl: command.response_url }, d.log);
      if (!opened) await sendCards(reply.cards, ctx, (m) => respond(m));
      return;
    }
    const [first, ...rest] = renderCards(reply.cards, ctx);
    const type = responseType(reply.cards);
    await ack(first ? { response_type: type, ...first } : undefined);
    for (const m of rest) await respond({ response_type: type, ...m });
  };

export function registerCommandListeners(app: App, d: ListenerDeps): void {
  app.command(SlashCommand, onSlashCommand(d));
}
