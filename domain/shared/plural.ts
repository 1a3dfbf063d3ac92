/**
 * A count with its noun, singular only for exactly one: "1 active employee", "3 options", "0 clients".
 * The noun may carry its verb: plural(n, 'schedule is', 'schedules are'). The one pluralising helper:
 * every "N things" a person reads goes through it.
 */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
