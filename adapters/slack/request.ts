import type { ChatRequest, ReplyTarget } from '../../src/chat.js';
import { textAt } from './body.js';

/**
 * Slash command text arrives HTML-escaped, with mentions, channels, links and e-mail addresses wrapped in
 * <…>. User mentions stay (`user promote <@U1|ann>` needs the id); the rest become what was typed.
 */
export const normaliseSlackText = (text: string): string =>
  text
    .replace(/<mailto:[^|>]+\|([^>]+)>/g, '$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<(https?:\/\/[^|>]+)\|([^>]+)>/g, (_m, url: string, label: string) => (url.includes(label) ? label : url))
    .replace(/<(https?:\/\/[^|>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

export type SlackPlace = {
  readonly team: string;
  readonly user: string;
  readonly userName?: string;
  readonly channel?: string;
  readonly channelName?: string;
  readonly responseUrl?: string;
  readonly threadTs?: string;
};

export const slackTarget = (p: SlackPlace): ReplyTarget => ({
  platform: 'slack',
  ref: {
    team: p.team,
    user: p.user,
    ...(p.channel ? { channel: p.channel } : {}),
    ...(p.responseUrl ? { responseUrl: p.responseUrl } : {}),
    ...(p.threadTs ? { threadTs: p.threadTs } : {}),
  },
});

export const slackRequest = (p: SlackPlace, text: string): ChatRequest => ({
  identity: { platform: 'slack', workspaceId: p.team, userId: p.user },
  displayName: p.userName || p.user,
  text: normaliseSlackText(text),
  ...(p.channel ? { channel: { id: p.channel, ...(p.channelName ? { name: p.channelName } : {}) } } : {}),
  replyTo: slackTarget(p),
});

/** Where an interaction (button press, modal submission) came from, whatever the payload shape. */
export const placeOfInteraction = (body: unknown): SlackPlace => {
  const optional = (key: keyof SlackPlace, value: string | undefined) => (value ? { [key]: value } : {});
  return {
    team: textAt(body, 'team', 'id') ?? textAt(body, 'user', 'team_id') ?? '',
    user: textAt(body, 'user', 'id') ?? '',
    ...optional('userName', textAt(body, 'user', 'name') ?? textAt(body, 'user', 'username')),
    ...optional('channel', textAt(body, 'channel', 'id') ?? textAt(body, 'container', 'channel_id')),
    ...optional('channelName', textAt(body, 'channel', 'name')),
    ...optional('responseUrl', textAt(body, 'response_url')),
  };
};
