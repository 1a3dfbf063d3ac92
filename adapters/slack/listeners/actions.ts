import type { AllMiddlewareArgs, App, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { ActionId, matching } from '../ids.js';
import { placeOfInteraction, slackRequest } from '../request.js';
import { decodePageRef } from '../views/pages.js';
import { expiredCard, formCard, freshContext, openForm, sendCards, type ListenerDeps, type Send } from './shared.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Answers beside the pressed card: through response_url on messages, or a DM when there is none. */
const sender = ({ respond, client, body }: ButtonArgs): Send =>
  body.response_url
    ? (m) => respond(m)
    : (m) => client.chat.postMessage({ channel: body.user.id, text: m.text, blocks: m.blocks });

/** Runs the command behind an interaction and shows its cards, opening a form as a modal when there is one. */
async function runAndShow(d: ListenerDeps, args: ButtonArgs, commandLine: string): Promise<void> {
  const place = placeOfInteraction(args.body);
  const request = slackRequest(place, commandLine);
  const reply = await d.core.handle(request);
  const withForm = formCard(reply.cards);
  const ctx = { submit: withForm?.form?.submit ?? '', ...(place.channel ? { channel: place.channel } : {}), ...(place.responseUrl ? { responseUrl: place.responseUrl } : {}) };
  if (withForm && (await openForm(args.client, args.body.trigger_id, withForm, ctx, d.log))) return;
  await sendCards(reply.cards, freshContext(d.cache, reply.cards, request.text), sender(args));
}

/** A card button: pressing it is typing its command. */
export const onRunCommand = (d: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    await runAndShow(d, args, args.action.value ?? 'help');
  };

/** "Open form" on a card: opens the form of the reply the person is looking at, without running anything. */
export const onOpenForm = (d: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decodePageRef(args.action.value);
    const shown = ref ? d.cache.get(ref.reply)?.[ref.card] : undefined;
    const place = placeOfInteraction(args.body);
    const ctx = { submit: shown?.form?.submit ?? '', ...(place.channel ? { channel: place.channel } : {}), ...(place.responseUrl ? { responseUrl: place.responseUrl } : {}) };
    if (shown?.form && (await openForm(args.client, args.body.trigger_id, shown, ctx, d.log))) return;
    await sendCards([shown ? { title: 'That form could not open', tone: 'error', text: 'Slack did not open the dialog in time. Press the button again.' } : expiredCard(ref?.origin)], {}, sender(args));
  };

/** Next/Previous: shows another page of the cached reply in place of the current one. */
export const onPage = (d: ListenerDeps) =>
  async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const ref = decodePageRef(args.action.value);
    const cards = ref ? d.cache.get(ref.reply) : undefined;
    if (!ref || !cards) {
      await sendCards([expiredCard(ref?.origin)], {}, sender(args));
      return;
    }
    const ctx = { replyId: ref.reply, page: { card: ref.card, page: ref.page }, ...(ref.origin ? { origin: ref.origin } : {}) };
    await sendCards(cards, ctx, sender(args), true);
  };

/** URL buttons open in the browser; Slack still reports the click and wants an ack. */
export const onOpenLink = async ({ ack }: ButtonArgs): Promise<void> => {
  await ack();
};

export function registerActionListeners(app: App, d: ListenerDeps): void {
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: matching(ActionId.runCommand) }, onRunCommand(d));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: matching(ActionId.openForm) }, onOpenForm(d));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: matching(ActionId.nextPage) }, onPage(d));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: matching(ActionId.previousPage) }, onPage(d));
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: matching(ActionId.openLink) }, onOpenLink);
}
