import type { types } from '@slack/bolt';

/** Slack mrkdwn treats &, < and > as control characters; everything a card says is escaped once here. */
export const escapeMrkdwn = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Cuts to `max` characters (code points kept whole) and marks the cut with an ellipsis. */
export const truncate = (text: string, max: number): string => {
  // Most text is short: no more UTF-16 units than the limit means no more code points either.
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
};

/** Splits long prose into pieces of at most `max` characters, preferring line and word breaks. */
export const chunk = (text: string, max: number): string[] => {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    const at = cut > max / 2 ? cut : max;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^[\n ]/, '');
  }
  if (rest.length) pieces.push(rest);
  return pieces;
};

export const plain = (text: string, max: number): types.PlainTextElement => ({
  type: 'plain_text',
  text: truncate(text.trim() || ' ', max),
  emoji: true,
});

export const mrkdwn = (text: string, max: number): types.MrkdwnElement => ({
  type: 'mrkdwn',
  text: truncate(text, max),
});
