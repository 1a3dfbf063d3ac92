import type { types } from '@slack/bolt';
import type { Form, Input } from '../../../src/cards.js';
import { CallbackId, InputActionId } from '../ids.js';
import { Limits } from './limits.js';
import { plain, truncate } from './text.js';

/** What a submission needs to know later, carried in the modal's private_metadata. */
export type FormContext = {
  readonly submit: string;
  readonly channel?: string;
  readonly responseUrl?: string;
};

const isDate = (v: string | undefined): v is string => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v);

const option = (o: { label: string; value: string }): types.PlainTextOption => ({
  text: plain(o.label, Limits.optionText),
  value: truncate(o.value, Limits.optionValue),
});

function element(input: Input): types.InputBlock['element'] {
  const action_id = InputActionId;
  const placeholder = input.placeholder ? { placeholder: plain(input.placeholder, Limits.placeholder) } : {};
  switch (input.kind) {
    case 'select': {
      const options = (input.options ?? []).slice(0, Limits.selectOptions).map(option);
      const initial = options.find((o) => o.value === input.initial);
      return { type: 'static_select', action_id, options, ...placeholder, ...(initial ? { initial_option: initial } : {}) };
    }
    case 'checkbox': {
      const only = option({ label: input.label, value: 'true' });
      return { type: 'checkboxes', action_id, options: [only], ...(input.initial === 'true' ? { initial_options: [only] } : {}) };
    }
    case 'date':
      return { type: 'datepicker', action_id, ...placeholder, ...(isDate(input.initial) ? { initial_date: input.initial } : {}) };
    case 'email':
      return { type: 'email_text_input', action_id, ...placeholder, ...(input.initial ? { initial_value: input.initial } : {}) };
    default:
      return {
        type: 'plain_text_input',
        action_id,
        multiline: input.kind === 'multiline',
        max_length: Limits.textInputMax,
        ...placeholder,
        ...(input.initial ? { initial_value: truncate(input.initial, Limits.textInputMax) } : {}),
      };
  }
}

const inputBlock = (input: Input): types.InputBlock => {
  const hint = input.error ? `⚠ ${input.error}` : input.hint;
  return {
    type: 'input',
    block_id: truncate(input.id, Limits.blockId),
    label: plain(input.label, Limits.inputLabel),
    element: element(input),
    // A lone checkbox left unticked is an answer ("false"), so it must be optional for Slack.
    optional: input.kind === 'checkbox' || !input.required,
    ...(hint ? { hint: plain(hint, Limits.inputHint) } : {}),
  };
};

/** A card form as a modal, or null when it can't be one (too many inputs, metadata too long). */
export function formModal(form: Form, context: FormContext): types.ModalView | null {
  const metadata = JSON.stringify({ s: context.submit, c: context.channel, r: context.responseUrl });
  if (metadata.length > Limits.privateMetadata || form.inputs.length > Limits.modalBlocks) return null;
  return {
    type: 'modal',
    callback_id: CallbackId.form,
    private_metadata: metadata,
    title: plain(form.title, Limits.modalTitle),
    submit: plain(form.submitLabel || 'Submit', Limits.modalButton),
    close: plain('Cancel', Limits.modalButton),
    blocks: form.inputs.map(inputBlock),
  };
}

export const readFormContext = (metadata: string | undefined): FormContext | null => {
  try {
    const raw = JSON.parse(metadata ?? '') as { s?: unknown; c?: unknown; r?: unknown };
    if (typeof raw.s !== 'string') return null;
    return {
      submit: raw.s,
      ...(typeof raw.c === 'string' ? { channel: raw.c } : {}),
      ...(typeof raw.r === 'string' ? { responseUrl: raw.r } : {}),
    };
  } catch {
    return null;
  }
};

/** The refused fields of a form, in the shape of `response_action: 'errors'`. */
export const fieldErrors = (form: Form): Record<string, string> =>
  Object.fromEntries(form.inputs.filter((i) => i.error).map((i) => [i.id, truncate(i.error!, 2000)]));
