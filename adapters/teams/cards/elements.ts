import type { Button, Field, Input, Tone } from '../../../src/cards.js';
import { spans } from '../../markup.js';

/** Adaptive Card JSON is plain data; these aliases only say which part is which. */
export type Element = Record<string, unknown>;
export type Action = Record<string, unknown>;

/** What an Action.Submit carries back: Teams merges it with any input values into `activity.value`. */
export type SubmitData =
  | { readonly ignition: 'run'; readonly command: string }
  | { readonly ignition: 'submit'; readonly submit: string }
  | { readonly ignition: 'page'; readonly reply: string; readonly card: number; readonly page: number; readonly origin?: string };

const toneColor: Record<Tone, string> = { info: 'Default', success: 'Good', warning: 'Warning', error: 'Attention' };
export const colorOf = (tone: Tone | undefined): string => toneColor[tone ?? 'info'];

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Card prose mark-up (adapters/markup.ts) as Adaptive Card markdown: **bold**, _italic_, `code`, [label](url). */
export const markdown = (text: string, max = 6000): string =>
  spans(clip(text, max)).map((s) => {
    switch (s.kind) {
      case 'text': return s.text;
      case 'bold': return `**${s.text}**`;
      case 'italic': return `_${s.text}_`;
      case 'code': return `\`${s.text}\``;
      case 'link': return `[${s.text}](${s.url})`;
    }
  }).join('');

export const textBlock = (text: string, extra: Element = {}): Element => ({ type: 'TextBlock', text, wrap: true, ...extra });

export const factSet = (fields: readonly Field[]): Element => ({
  type: 'FactSet',
  facts: fields.slice(0, 30).map((f) => ({ title: clip(f.label, 200), value: markdown(f.value, 1000) })),
});

export function action(button: Button): Action | null {
  const title = clip(button.label, 80);
  const style = button.style === 'danger' ? { style: 'destructive' } : button.style === 'primary' ? { style: 'positive' } : {};
  if (button.url) return { type: 'Action.OpenUrl', title, url: button.url, ...style };
  if (!button.command) return null;
  const data: SubmitData = { ignition: 'run', command: button.command };
  return { type: 'Action.Submit', title, data, ...style };
}

export const actions = (buttons: readonly Button[]): Action[] =>
  buttons.map(action).filter((a): a is Action => a !== null).slice(0, 6);

export function inputElement(input: Input): Element {
  const common = { id: input.id, label: input.label, isRequired: !!input.required, ...(input.required ? { errorMessage: `${input.label} is required` } : {}) };
  const placeholder = input.placeholder ? { placeholder: input.placeholder } : {};
  const value = input.initial !== undefined ? { value: input.initial } : {};
  switch (input.kind) {
    case 'select':
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', ...placeholder, ...value, choices: (input.options ?? []).map((o) => ({ title: o.label, value: o.value })) };
    case 'checkbox':
      return { type: 'Input.Toggle', ...common, title: input.label, valueOn: 'true', valueOff: 'false', value: input.initial === 'true' ? 'true' : 'false' };
    case 'date':
      return { type: 'Input.Date', ...common, ...value };
    case 'number':
      return { type: 'Input.Number', ...common, ...placeholder, ...value };
    default:
      return { type: 'Input.Text', ...common, ...placeholder, ...value, isMultiline: input.kind === 'multiline', ...(input.kind === 'email' ? { style: 'Email' } : {}), maxLength: 3000 };
  }
}
