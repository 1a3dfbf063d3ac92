import { err, ok, type Result } from '../../domain/shared/result.js';

/** A command line split into words: `client add "Acme Ltd" email=a@b.com` → positional + named. */
export type Args = {
  readonly positional: readonly string[];
  readonly named: Readonly<Record<string, string>>;
};

export type ArgsError = { kind: 'unbalanced-quote' };

/** Splits on spaces, honouring "double" and 'single' quotes (also around a value: note="two words"). */
export const tokenize = (line: string): Result<string[], ArgsError> => {
  const tokens: string[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'" || ch === '“' || ch === '”') {
      quote = ch === '“' ? '”' : ch;
      started = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) return err({ kind: 'unbalanced-quote' });
  if (started) tokens.push(current);
  return ok(tokens);
};

const namedPattern = /^([a-z][a-z0-9_-]*)=(.*)$/is;

export const parseArgs = (tokens: readonly string[]): Args => {
  const positional: string[] = [];
  const named: Record<string, string> = {};
  for (const token of tokens) {
    const match = namedPattern.exec(token);
    if (match) named[match[1]!.toLowerCase()] = match[2]!;
    else positional.push(token);
  }
  return { positional, named };
};

/** Positional words joined back, so `client add Acme Ltd` needs no quotes. */
export const rest = (args: Args, from = 0): string => args.positional.slice(from).join(' ').trim();
