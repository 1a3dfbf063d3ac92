import type { types } from '@slack/bolt';
import type { Button } from '../../../src/cards.js';
import { ActionId, numbered } from '../ids.js';
import { Limits } from './limits.js';
import { plain } from './text.js';

/** Hands out action ids unique within one message (Slack refuses duplicates). */
export type Counter = { next(): number };
export const counter = (): Counter => {
  let n = 0;
  return { next: () => n++ };
};

const confirmFor = (button: Button): types.ConfirmationDialog => ({
  title: plain('Are you sure?', 100),
  text: plain(`Press "${button.label}" to go ahead, or Cancel to leave everything as it is.`, 300),
  confirm: plain(button.label, 30),
  deny: plain('Cancel', 30),
  style: 'danger',
});

/** A card button as a Block Kit button, or null when it can't fit Slack's limits (never a broken message). */
export function slackButton(button: Button, ids: Counter): types.Button | null {
  const base = { type: 'button' as const, text: plain(button.label, Limits.buttonText) };
  const style = button.style ? { style: button.style } : {};
  if (button.url) {
    if (button.url.length > Limits.buttonUrl) return null;
    return { ...base, ...style, action_id: numbered(ActionId.openLink, ids.next()), url: button.url };
  }
  if (!button.command || button.command.length > Limits.buttonValue) return null;
  return {
    ...base,
    ...style,
    action_id: numbered(ActionId.runCommand, ids.next()),
    value: button.command,
    ...(button.style === 'danger' ? { confirm: confirmFor(button) } : {}),
  };
}

/** Buttons as actions blocks of at most 25 elements each. */
export function actionsBlocks(buttons: readonly Button[], ids: Counter): types.ActionsBlock[] {
  const elements = buttons.map((b) => slackButton(b, ids)).filter((b): b is types.Button => b !== null);
  const blocks: types.ActionsBlock[] = [];
  for (let i = 0; i < elements.length; i += Limits.actionsElements) {
    blocks.push({ type: 'actions', elements: elements.slice(i, i + Limits.actionsElements) });
  }
  return blocks;
}
