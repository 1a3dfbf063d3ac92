/**
 * The neutral card model. Use cases produce cards; the Slack, Teams and shell adapters only render
 * them (Block Kit, Adaptive Cards, terminal text). Nothing here knows a platform.
 *
 * A button never carries behaviour of its own: it carries a command line of the `/ignition`
 * grammar, so pressing it in any chat is the same as typing that command.
 */
export type Tone = 'info' | 'success' | 'warning' | 'error';

export type Field = { readonly label: string; readonly value: string };

export type Button = {
  readonly label: string;
  /** The command a press runs, e.g. "sync APP" or "proposal show P-12". */
  readonly command?: string;
  /** Opens a web page instead of running a command. */
  readonly url?: string;
  readonly style?: 'primary' | 'danger';
};

export type Input = {
  /** The argument name the value is submitted as (`name=value`). */
  readonly id: string;
  readonly label: string;
  readonly kind: 'text' | 'multiline' | 'number' | 'money' | 'email' | 'date' | 'select' | 'checkbox';
  readonly required?: boolean;
  readonly placeholder?: string;
  readonly initial?: string;
  readonly options?: readonly { label: string; value: string }[];
  readonly hint?: string;
  /** Set when a submitted value was refused: shown beside the field. */
  readonly error?: string;
};

/** A form: its inputs are submitted as `name=value` arguments appended to `submit`. */
export type Form = {
  readonly title: string;
  readonly inputs: readonly Input[];
  readonly submit: string;
  readonly submitLabel: string;
};

/** One row of a list: a client, a proposal, a service. */
export type Row = {
  readonly title: string;
  readonly text?: string;
  readonly fields?: readonly Field[];
  readonly buttons?: readonly Button[];
};

export type Link = { readonly label: string; readonly url: string };

export type Card = {
  readonly title: string;
  readonly tone?: Tone;
  /** Prose with line breaks and the inline mark-up of adapters/markup.ts (*bold*, _italic_, `command`, <url|label>). */
  readonly text?: string;
  readonly fields?: readonly Field[];
  readonly rows?: readonly Row[];
  readonly buttons?: readonly Button[];
  readonly form?: Form;
  readonly links?: readonly Link[];
  /** Small print under the card: "Sandbox data", "Page 2 of 5", a troubleshooting hint. */
  readonly footer?: string;
  /** Channel cards are posted for everyone; private ones only to the person who asked. */
  readonly visibility?: 'private' | 'channel';
  /**
   * Posts that share a thread key read as one conversation where the chat allows it (a proposal's
   * life: sent, viewed, accepted, invoiced, job created): later posts reply under the first one.
   */
  readonly thread?: string;
};

export const card = (title: string, parts: Omit<Card, 'title'> = {}): Card => ({ title, ...parts });

export const errorCard = (title: string, text: string, buttons: readonly Button[] = []): Card => ({
  title,
  tone: 'error',
  text,
  ...(buttons.length ? { buttons } : {}),
});
