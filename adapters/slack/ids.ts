/**
 * Every Slack identifier the app uses. manifests/slack/manifest.json names the same slash command, and
 * test/adapters/slack/manifest.test.ts checks that each id here has a listener and is used.
 */
export const SlashCommand = '/ignition';

export const ActionId = {
  /** A card button: its value is the /ignition command line to run. */
  runCommand: 'ignition_run',
  /** A URL button: Slack still sends a block_actions payload, which only needs an ack. */
  openLink: 'ignition_link',
  /** Opens the modal for a card's form; the value is the command that produced the card. */
  openForm: 'ignition_form_open',
  nextPage: 'ignition_page_next',
  previousPage: 'ignition_page_previous',
} as const;

export const CallbackId = {
  /** The modal built from a card's form; its submission runs the form's submit command. */
  form: 'ignition_form',
} as const;

/** The action id of every input element in a modal; the block id carries the argument name. */
export const InputActionId = 'value';

/**
 * Slack wants action ids unique within a block, yet every card button maps to the same action.
 * Buttons get `<id>:<n>` and listeners match the prefix.
 */
export const numbered = (id: string, n: number): string => `${id}:${n}`;
export const matching = (id: string): RegExp => new RegExp(`^${id}(:\\d+)?$`);
export const baseActionId = (actionId: string): string => actionId.replace(/:\d+$/, '');
