import type { Activity, TurnContext } from 'botbuilder';
import { listNames } from '../../src/apps/registered.js';
import { card, type Card } from '../../src/cards.js';
import type { ChatCore } from '../../src/chat.js';
import type { ChatLog, DeliveryLedger } from '../../src/chat-setup/ports.js';
import { createReplyCache, worthCaching, type ReplyCache } from '../../src/chat-setup/reply-cache.js';
import { adaptiveCard, type TeamsRenderContext } from './cards/adaptive-card.js';
import type { SubmitData } from './cards/elements.js';
import { cardActivity } from './activity.js';
import { commandText, teamsRequest, tenantOf } from './request.js';

export type TeamsBotDeps = {
  readonly core: ChatCore;
  /** Replies kept for page turns; one per process (default: a fresh one). */
  readonly cache?: ReplyCache;
  readonly ledger: DeliveryLedger;
  readonly log: ChatLog;
  readonly now?: () => Date;
  /** The apps this install can connect, by name: the welcome names only these. */
  readonly appNames?: readonly string[];
};

/** Values an Action.Submit sent back, as `name=value` arguments (the control keys are left out). */
export const submittedArgs = (value: Record<string, unknown>): string =>
  Object.entries(value)
    .filter(([key, v]) => !['ignition', 'submit', 'command', 'origin', 'card', 'page'].includes(key) && v !== undefined && v !== null && String(v) !== '')
    .map(([key, v]) => {
      const text = String(v);
      return /[\s"']/.test(text) ? `${key}="${text.replace(/"/g, "'")}"` : `${key}=${text}`;
    })
    .join(' ');

/** Turns what arrived (typed text, a button press, a form submit) into a command line. */
function commandOf(activity: Activity, value: (SubmitData & Record<string, unknown>) | undefined): string {
  switch (value?.ignition) {
    case 'run':
      return value.command;
    case 'submit':
      return `${value.submit} ${submittedArgs(value)}`.trim();
    default:
      return commandText(activity);
  }
}

/** A refused form comes back with what the person typed still in it, so only the bad field needs fixing. */
const keepTyped = (cards: readonly Card[], value: Record<string, unknown>): Card[] =>
  cards.map((c) => (c.form
    ? { ...c, form: { ...c.form, inputs: c.form.inputs.map((i) => (i.initial === undefined && typeof value[i.id] === 'string' ? { ...i, initial: value[i.id] as string } : i)) } }
    : c));

const expired = (origin: string | undefined): Card => card('That list has expired', {
  tone: 'warning',
  text: 'Lists are kept for 30 minutes. Run the command again for a fresh one.',
  ...(origin ? { buttons: [{ label: 'Run again', command: origin }] } : {}),
});

const welcome = (appNames: readonly string[]): Card => card('Hello from Ignition', {
  text: `I keep your clients, proposals and billing ${appNames.length ? `in step with ${listNames(appNames, 'and')}` : 'together, here in Teams'}. ` +
    'Type *help* to see what I can do, or *setup* if you are setting me up for your practice.',
  buttons: [{ label: 'Show commands', command: 'help' }, { label: 'Set up', command: 'setup', style: 'primary' }],
});

export async function sendCards(context: TurnContext, cards: readonly Card[], ctx: TeamsRenderContext): Promise<void> {
  await context.sendActivities(cards.map((c, i) => cardActivity(adaptiveCard(c, i, ctx), c.title)));
}

/** One Teams turn: messages and card actions go through the chat core; the bot being added says hello. */
export const teamsTurn = (d: TeamsBotDeps) => {
  const cache = d.cache ?? createReplyCache();
  return async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    if (activity.type === 'conversationUpdate') {
      if (activity.membersAdded?.some((m) => m.id === activity.recipient.id)) await sendCards(context, [welcome(d.appNames ?? [])], {});
      return;
    }
    if (activity.type !== 'message') return;
    // Teams re-sends an activity it thinks went unanswered; the same id must not run twice.
    const key = activity.id ? `activity:${activity.id}` : null;
    if (key && !(await d.ledger.claim(tenantOf(activity), key, d.now?.() ?? new Date(), 60 * 60_000))) {
      d.log.info({ key }, 'teams duplicate activity ignored');
      return;
    }
    const value = activity.value as (SubmitData & Record<string, unknown>) | undefined;
    if (value?.ignition === 'page') {
      // A page turn shows the reply the person already has; running the command again could write twice.
      const cards = cache.get(String(value.reply));
      const page = { card: Number(value.card), page: Number(value.page) };
      await sendCards(context, cards ?? [expired(value.origin)], cards ? { replyId: String(value.reply), page, ...(value.origin ? { origin: value.origin } : {}) } : {});
      return;
    }
    const text = commandOf(activity, value);
    const reply = await d.core.handle(teamsRequest(activity, text));
    const cards = value?.ignition === 'submit' ? keepTyped(reply.cards, value) : reply.cards;
    const ctx: TeamsRenderContext = { origin: text, ...(worthCaching(cards) ? { replyId: cache.put(cards) } : {}) };
    await sendCards(context, cards, ctx);
  };
};
