import { distance } from 'fastest-levenshtein';

/** The candidate nearest to `word`, if it is near enough to be a plausible typo. */
export const closest = (word: string, candidates: readonly string[]): string | undefined => {
  let best: { candidate: string; score: number } | undefined;
  for (const candidate of candidates) {
    const score = candidate.startsWith(word) ? 0.5 : distance(word, candidate);
    if (!best || score < best.score) best = { candidate, score };
  }
  return best && best.score <= Math.max(2, Math.floor(word.length / 3)) ? best.candidate : undefined;
};
