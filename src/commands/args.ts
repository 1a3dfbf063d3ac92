import { err, ok, type Result } from '../../domain/shared/result.js';

/** A command line split into words: `client add "Acme Ltd" email=a@b.com` → positional + named. */
export type Args = {
  readonly positional: readonly string[];
  readonly named: Readonly<Record<string, string>>;
};

/** A word of a command line, and whether any of it was quoted (a quoted "--force" is just text). */
export type Token = { readonly text: string; readonly quoted: boolean };

export type ArgsError = { kind: 'unbalanced-quote' } | { kind: 'control-character'; codePoint: number };

/**
 * Invisible control characters (tab and line breaks are fine). Nobody means to type one, they
 * usually come with a paste, and PostgreSQL cannot store NUL in text at all.
 */
const controlCharacter = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Splits on spaces, honouring "double" and 'single' quotes (also around a value: note="two words"). */
export const tokenize = (line: string): Result<Token[], ArgsError> => {
  const control = controlCharacter.exec(line);
  if (control) return err({ kind: 'control-character', codePoint: control[0].charCodeAt(0) });
  const tokens: Token[] = [];
  let current = '';
  let quote: string | null = null;
  let started = false;
  let quoted = false;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = null;
      else current += ch;
    } else if (ch === '"' || ch === "'" || ch === '“' || ch === '”') {
      quote = ch === '“' ? '”' : ch;
      started = true;
      quoted = true;
    } else if (/\s/.test(ch)) {
      if (started) tokens.push({ text: current, quoted });
      current = '';
      started = false;
      quoted = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (quote) return err({ kind: 'unbalanced-quote' });
  if (started) tokens.push({ text: current, quoted });
  return ok(tokens);
};

/**
 * An unquoted `--word` (or the "—word" a smart-dash keyboard makes of it). The grammar has no flags,
 * so without this check `client add Acme --force` would name the client "Acme --force".
 */
export const isFlag = (t: Token): boolean => !t.quoted && /^(--|—)\p{L}/u.test(t.text);

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
