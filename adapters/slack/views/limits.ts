import type { types } from '@slack/bolt';

/** Block Kit limits (Slack's Block Kit reference and the JSDoc in @slack/types). */
export const Limits = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  textInputMax: 3000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  /** Slack refuses messages near 13k characters of block text (msg_blocks_too_long); stay well under. */
  messageTextBudget: 11_000,
} as const;

type Block = types.KnownBlock;

const texts = (value: unknown, out: string[]): string[] => {
  if (Array.isArray(value)) value.forEach((v) => texts(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'text' && typeof v === 'string') out.push(v);
      else texts(v, out);
    }
  }
  return out;
};

/** Characters of visible text in some blocks: what Slack's aggregate cap counts. */
export const textLength = (blocks: readonly Block[]): number => texts(blocks, []).reduce((n, t) => n + t.length, 0);

/** Block Kit JSON is read loosely here: the checker looks at fields only some block types have. */
type Json = unknown;
const get = (v: Json, key: string): Json => (v && typeof v === 'object' ? (v as Record<string, Json>)[key] : undefined);
const len = (v: Json): number => (typeof v === 'string' || Array.isArray(v) ? v.length : 0);
const list = (v: Json): Json[] => (Array.isArray(v) ? v : []);

const checkElement = (e: Json, where: string, problems: string[]): void => {
  if (get(e, 'type') === 'button') {
    if (len(get(get(e, 'text'), 'text')) > Limits.buttonText) problems.push(`${where}: button text over ${Limits.buttonText}`);
    if (len(get(e, 'value')) > Limits.buttonValue) problems.push(`${where}: button value over ${Limits.buttonValue}`);
    if (len(get(e, 'url')) > Limits.buttonUrl) problems.push(`${where}: button url over ${Limits.buttonUrl}`);
  }
  if (len(get(e, 'action_id')) > Limits.actionId) problems.push(`${where}: action_id too long`);
  if (len(get(e, 'options')) > Limits.selectOptions) problems.push(`${where}: too many options`);
};

const checkBlock = (b: Json, where: string, problems: string[]): void => {
  const type = get(b, 'type');
  const text = get(get(b, 'text'), 'text');
  if (type === 'header' && len(text) > Limits.headerText) problems.push(`${where}: header over ${Limits.headerText}`);
  if (type === 'section') {
    if (text === undefined && get(b, 'fields') === undefined) problems.push(`${where}: section needs text or fields`);
    if (text !== undefined && (len(text) > Limits.sectionText || len(text) === 0)) problems.push(`${where}: text length ${len(text)}`);
    if (len(get(b, 'fields')) > Limits.sectionFields) problems.push(`${where}: ${len(get(b, 'fields'))} fields`);
    for (const f of list(get(b, 'fields'))) if (len(get(f, 'text')) > Limits.fieldText) problems.push(`${where}: field over ${Limits.fieldText}`);
  }
  if (type === 'context' && len(get(b, 'elements')) > Limits.contextElements) problems.push(`${where}: too many context elements`);
  if (type === 'actions' && len(get(b, 'elements')) > Limits.actionsElements) problems.push(`${where}: too many elements`);
  if (type === 'input' && len(get(get(b, 'label'), 'text')) > Limits.inputLabel) problems.push(`${where}: label too long`);
};

/** Every limit a list of blocks breaks, as readable sentences; empty when Slack will accept it. */
export function blockProblems(blocks: readonly Block[], surface: 'message' | 'modal' = 'message'): string[] {
  const problems: string[] = [];
  const max = surface === 'message' ? Limits.messageBlocks : Limits.modalBlocks;
  if (blocks.length > max) problems.push(`${blocks.length} blocks, over ${max}`);
  if (surface === 'message' && textLength(blocks) > Limits.messageTextBudget) problems.push('message text over budget');
  const actionIds = new Set<string>();
  blocks.forEach((b, i) => {
    const where = `block ${i} (${String(get(b, 'type'))})`;
    checkBlock(b, where, problems);
    const elements = [...list(get(b, 'elements')), ...[get(b, 'accessory'), get(b, 'element')].filter((e) => e !== undefined)];
    for (const e of elements) {
      checkElement(e, where, problems);
      const id = get(e, 'action_id');
      if (typeof id !== 'string') continue;
      if (actionIds.has(id) && surface === 'message') problems.push(`${where}: duplicate action_id ${id}`);
      actionIds.add(id);
    }
  });
  return problems;
}
