import type { Practice } from '../../domain/practice/practice.js';
import type { User } from '../../domain/practice/user.js';
import type { Card } from '../cards.js';
import type { ChatRequest } from '../chat.js';
import type { Args } from './args.js';

/** What a verb gets when it runs: who asked, in which practice, with which arguments. */
export type CommandContext = {
  readonly practice: Practice;
  readonly user: User;
  readonly request: ChatRequest;
  readonly args: Args;
};

/**
 * One verb of the `/ignition` grammar. Areas export factories that return these
 * (`clientCommands(useCases)`), and compose.ts hands the lot to the chat core.
 */
export type Command = {
  /** One or two words: "clients", "client add", "proposal new". */
  readonly verb: string;
  readonly usage: string;
  readonly summary: string;
  /** The help group it is listed under: "Clients", "Proposals", "Apps", "Practice". */
  readonly group: string;
  readonly adminOnly?: boolean;
  /** Audit the command (default). Read-only verbs may opt out to keep the log about changes. */
  readonly audited?: boolean;
  run(ctx: CommandContext): Promise<readonly Card[]>;
};

/** A value as a button's command line must carry it: quoted when it has spaces, so the tokenizer reads it back whole. */
export const quoteArg = (value: string): string => {
  if (value && !/[\s"'“”]/.test(value)) return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  return `"${value.replace(/"/g, "'")}"`;
};
