/** Names as a sentence lists them: "Gusto", "Gusto or Sage", "Gusto, Sage or XPM". */
export const listNames = (names: readonly string[], joiner: 'or' | 'and' = 'or'): string =>
  names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} ${joiner} ${names.at(-1)!}`;
