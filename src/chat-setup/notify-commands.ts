import type { Clock } from '../../domain/shared/clock.js';
import { plural } from '../../domain/shared/plural.js';
import { card, errorCard, type Card } from '../cards.js';
import type { ReplyTarget } from '../chat.js';
import type { Command, CommandContext } from '../commands/command.js';
import type { NotificationEvent, Notifier } from '../notify.js';
import type { NotificationRoute, NotificationRouteStore } from './ports.js';

export type NotifyDeps = {
  readonly routes: NotificationRouteStore;
  /** The events the wired areas post: the only ones offered. */
  readonly events: readonly NotificationEvent[];
  readonly clock: Clock;
  /** Lets `notify test` post a sample card through the real notifier. */
  readonly notifier?: Notifier;
};

type Platform = NotificationRoute['platform'];
const platformName = (p: Platform) => (p === 'slack' ? 'Slack' : 'Teams');

/** "sync" means every sync.* event; "all" or nothing means every event. Unknown words are reported. */
export function parseEvents(words: readonly string[], notificationEvents: readonly NotificationEvent[]): { events: NotificationEvent[] } | { unknown: string[] } {
  if (!words.length || words.some((w) => w.toLowerCase() === 'all')) return { events: [...notificationEvents] };
  const events = new Set<NotificationEvent>();
  const unknown: string[] = [];
  for (const word of words.flatMap((w) => w.split(',')).map((w) => w.trim().toLowerCase()).filter(Boolean)) {
    const matched = notificationEvents.filter((e) => e === word || e.startsWith(`${word}.`));
    if (matched.length) matched.forEach((e) => events.add(e));
    else unknown.push(word);
  }
  return unknown.length ? { unknown } : { events: [...events] };
}

/** The stable part of where a command came from: no response_url or thread, which expire. */
const routeTarget = (target: ReplyTarget): ReplyTarget => {
  const { responseUrl: _url, threadTs: _thread, user: _user, ...ref } = target.ref;
  return { platform: target.platform, ref };
};

/** Slack routes are told apart by channel id, Teams routes by conversation id. */
const placeKey = (t: ReplyTarget): string => t.ref.channel ?? t.ref.conversationId ?? '';

const placeName = (ctx: CommandContext): string =>
  ctx.request.channel?.name && !['directmessage', 'privategroup'].includes(ctx.request.channel.name)
    ? `#${ctx.request.channel.name}`
    : 'this conversation';

const unknownEvents = (unknown: string[], events: readonly NotificationEvent[]): Card[] => [errorCard(
  `I don't know ${unknown.map((u) => `\`${u}\``).join(', ')}`,
  `Events you can route: ${events.join(', ')}. A group name such as \`${events[0]?.split('.')[0] ?? 'sync'}\` covers all its events. Nothing was changed.`,
  [{ label: 'Current routes', command: 'notify' }],
)];

const chatTarget = (ctx: CommandContext): (ReplyTarget & { platform: Platform }) | null => {
  const t = ctx.request.replyTo;
  return t && (t.platform === 'slack' || t.platform === 'teams') ? (t as ReplyTarget & { platform: Platform }) : null;
};

const here = (d: NotifyDeps) => async (ctx: CommandContext): Promise<Card[]> => {
  const target = chatTarget(ctx);
  if (!target) return [errorCard('Run this in a channel', 'Notifications go to Slack or Teams channels. Run `/ignition notify here` in the channel that should get them. Nothing was changed.')];
  const parsed = parseEvents(ctx.args.positional, d.events);
  if ('unknown' in parsed) return unknownEvents(parsed.unknown, d.events);
  const place = placeName(ctx);
  const before = await d.routes.list(ctx.practice.id);
  const moved = before.filter((r) => r.platform === target.platform && parsed.events.includes(r.event) && placeKey(r.target) !== placeKey(target));
  for (const event of parsed.events) {
    await d.routes.save({ practiceId: ctx.practice.id, event, platform: target.platform, target: routeTarget(target), channelName: place, createdBy: ctx.user.displayName, createdAt: d.clock.now() });
  }
  const movedText = moved.length ? `\nMoved here: ${moved.map((r) => `${r.event} (was ${r.channelName})`).join(', ')}.` : '';
  const invite = target.platform === 'slack' ? '\nIf I am not a member of this channel yet, invite me with `/invite @Ignition` so the posts arrive.' : '';
  return [card(`Notifications will come to ${place}`, {
    tone: 'success',
    visibility: 'channel',
    text: `${ctx.user.displayName} routed ${parsed.events.length === d.events.length ? 'every event' : parsed.events.join(', ')} here.${movedText}${invite}`,
    buttons: [{ label: 'Send a test', command: `notify test ${parsed.events[0]}`, style: 'primary' }, { label: 'All routes', command: 'notify' }, { label: 'Stop here', command: 'notify off' }],
  })];
};

const test = (d: NotifyDeps) => async (ctx: CommandContext): Promise<Card[]> => {
  const parsed = parseEvents(ctx.args.positional.slice(0, 1), d.events);
  if ('unknown' in parsed) return unknownEvents(parsed.unknown, d.events);
  const event = parsed.events[0];
  if (!event) return [errorCard('No events to send', 'Nothing on this install posts notifications yet. Nothing was sent.')];
  const to = await d.routes.forEvent(ctx.practice.id, event);
  if (!to.length || !d.notifier) {
    return [errorCard(`Nowhere to send ${event}`, 'No channel gets this event yet. Run `/ignition notify here` in the channel that should.', [{ label: 'All routes', command: 'notify' }])];
  }
  await d.notifier.notify(ctx.practice.id, event, card(`Test: ${event}`, {
    text: `${ctx.user.displayName} sent this to check that ${event} notifications arrive here. Nothing else happened.`,
    footer: 'A test notification',
  }));
  return [card('Test notification sent', {
    tone: 'success',
    text: `Posted to ${to.map((r) => r.channelName).join(' and ')}. If it does not show up within a minute, check that the bot is a member of that channel.`,
    buttons: [{ label: 'All routes', command: 'notify' }],
  })];
};

const off = (d: NotifyDeps) => async (ctx: CommandContext): Promise<Card[]> => {
  const target = chatTarget(ctx);
  if (!target) return [errorCard('Run this in a channel', 'Run `/ignition notify off` in the channel that should stop getting notifications.')];
  const parsed = parseEvents(ctx.args.positional, d.events);
  if ('unknown' in parsed) return unknownEvents(parsed.unknown, d.events);
  const routes = (await d.routes.list(ctx.practice.id))
    .filter((r) => r.platform === target.platform && parsed.events.includes(r.event) && placeKey(r.target) === placeKey(target));
  for (const r of routes) await d.routes.remove(ctx.practice.id, r.event, r.platform);
  return [card(routes.length ? `Stopped ${plural(routes.length, 'notification')} here` : 'Nothing was routed here', {
    text: routes.length ? `No longer posted here: ${routes.map((r) => r.event).join(', ')}.` : 'This conversation was not getting any of those events.',
    buttons: [{ label: 'All routes', command: 'notify' }],
  })];
};

const list = (d: NotifyDeps) => async (ctx: CommandContext): Promise<Card[]> => {
  const routes = await d.routes.list(ctx.practice.id);
  return [card('Where notifications go', {
    text: routes.length ? 'Each event goes to at most one channel per chat app. Run `/ignition notify here EVENTS` in a channel to move events there.' : 'No events are routed yet. Run `/ignition notify here` in the channel that should get them (admins only).',
    rows: d.events.map((event) => {
      const to = routes.filter((r) => r.event === event);
      return { title: event, text: to.length ? to.map((r) => `${r.channelName} (${platformName(r.platform)})`).join(', ') : 'Not posted anywhere' };
    }),
    buttons: [{ label: 'Send all here', command: 'notify here' }],
  })];
};

export const notifyCommands = (d: NotifyDeps): Command[] => [
  { verb: 'notify', usage: 'notify', summary: 'Show which channel gets each kind of notification', group: 'People and channels', audited: false, run: list(d) },
  { verb: 'notify here', usage: 'notify here [events]', summary: 'Post these events (default: all) in this channel', group: 'People and channels', adminOnly: true, run: here(d) },
  { verb: 'notify off', usage: 'notify off [events]', summary: 'Stop posting these events (default: all) in this channel', group: 'People and channels', adminOnly: true, run: off(d) },
  { verb: 'notify test', usage: 'notify test [event]', summary: 'Post a sample notification where an event is routed', group: 'People and channels', adminOnly: true, run: test(d) },
];
