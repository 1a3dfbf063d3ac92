type StateValue = {
  type?: string;
  value?: string | null;
  selected_date?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
};
export type ViewState = Record<string, Record<string, StateValue>>;

const valueOf = (v: StateValue): string | undefined => {
  if (v.type === 'checkboxes') return v.selected_options?.length ? 'true' : 'false';
  if (v.type === 'datepicker') return v.selected_date ?? undefined;
  if (v.type === 'static_select') return v.selected_option?.value;
  return v.value ?? undefined;
};

/** Quotes a value the way the command tokenizer reads it back: spaces survive, and so do quote marks. */
export const namedArg = (name: string, value: string): string => {
  if (!/[\s"']/.test(value) && value.length) return `${name}=${value}`;
  if (!value.includes('"')) return `${name}="${value}"`;
  if (!value.includes("'")) return `${name}='${value}'`;
  return `${name}="${value.replace(/"/g, "'")}"`;
};

/** A modal's state as `name=value` arguments, in block order; empty optional inputs are left out. */
export const submittedArgs = (state: ViewState): string =>
  Object.entries(state)
    .flatMap(([name, actions]) => Object.values(actions).map((v) => [name, valueOf(v)] as const))
    .filter((pair): pair is readonly [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([name, value]) => namedArg(name, value))
    .join(' ');
