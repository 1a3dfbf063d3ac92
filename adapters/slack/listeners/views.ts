import type { AllMiddlewareArgs, App, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Card } from '../../../src/cards.js';
import { CallbackId } from '../ids.js';
import { slackRequest } from '../request.js';
import { fieldErrors, readFormContext, type FormContext } from '../views/modal.js';
import { submittedArgs, type ViewState } from '../views/submission.js';
import { freshContext, sendCards, type ListenerDeps, type Send } from './shared.js';

type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Inline errors for a refused submission. A form card marks the bad inputs itself; a plain error card
 * is pinned to the input its text names, else to the first input, so the modal stays open either way.
 */
export function inlineErrors(cards: readonly Card[], inputIds: readonly string[]): Record<string, string> | null {
  const refused = cards.find((c) => c.form?.inputs.some((i) => i.error));
  if (refused?.form) return fieldErrors(refused.form);
  const failure = cards.find((c) => c.tone === 'error');
  if (!failure || !inputIds.length) return null;
  const text = `${failure.title}: ${failure.text ?? ''}`.slice(0, 2000);
  const named = inputIds.find((id) => new RegExp(`\\b${id.replace(/[-]/g, '\\-')}\\b`, 'i').test(text));
  return { [named ?? inputIds[0]!]: text };
}

const resultSender = ({ client, body }: SubmitArgs, ctx: FormContext): Send => {
  if (ctx.responseUrl) {
    const url = ctx.responseUrl;
    return (m) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(m) });
  }
  if (ctx.channel) {
    const channel = ctx.channel;
    return (m) => client.chat.postEphemeral({ channel, user: body.user.id, text: m.text, blocks: m.blocks });
  }
  return (m) => client.chat.postMessage({ channel: body.user.id, text: m.text, blocks: m.blocks });
};

/** A modal submitted: run its submit command with the values; refuse inline, or close and post the result. */
export const onFormSubmit = (d: ListenerDeps) =>
  async (args: SubmitArgs): Promise<void> => {
    const { ack, body, view } = args;
    const ctx = readFormContext(view.private_metadata);
    if (!ctx) {
      await ack();
      return;
    }
    const state = view.state.values as unknown as ViewState;
    const place = { team: body.team?.id ?? body.user.team_id ?? '', user: body.user.id, userName: body.user.name, ...(ctx.channel ? { channel: ctx.channel } : {}), ...(ctx.responseUrl ? { responseUrl: ctx.responseUrl } : {}) };
    const request = slackRequest(place, `${ctx.submit} ${submittedArgs(state)}`);
    const reply = await d.core.handle(request);
    const errors = inlineErrors(reply.cards, Object.keys(state));
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    await sendCards(reply.cards, freshContext(d.cache, reply.cards, ctx.submit), resultSender(args, ctx));
  };

export function registerViewListeners(app: App, d: ListenerDeps): void {
  app.view<ViewSubmitAction>({ callback_id: CallbackId.form, type: 'view_submission' }, onFormSubmit(d));
}
