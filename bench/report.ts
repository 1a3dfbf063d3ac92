import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** One measured figure. Units are spelled out so the JSON reads without the README. */
export type Row = { readonly name: string; readonly value: number | string; readonly unit: string };

export type Section = {
  readonly title: string;
  readonly rows: readonly Row[];
  /** Set when the section threw: the run carries on and the failure is reported as data. */
  readonly error?: string;
  readonly seconds: number;
};

/** Runs one section, turning a throw into an error row so one broken benchmark never hides the rest. */
export async function runSection(title: string, measure: () => Promise<readonly Row[]>): Promise<Section> {
  const started = performance.now();
  process.stderr.write(`bench: ${title}…\n`);
  try {
    const rows = await measure();
    return { title, rows, seconds: round((performance.now() - started) / 1000, 1) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { title, rows: [{ name: 'error', value: message, unit: '' }], error: message, seconds: round((performance.now() - started) / 1000, 1) };
  }
}

/**
 * The areas' modules return plain records; the unit is read from the end of the key — camelCase
 * (fooMs, fooMiB, fooPerSec, fooRatio) or words (‘p99 ms’, ‘render (ms)’) — and the key stays the name.
 * Case matters so that e.g. "items" is not read as milliseconds.
 */
const unitSuffixes: readonly [RegExp, string][] = [
  [/(Ms|[_\s(]ms\)?)$/, 'ms'], [/(MiB|[_\s(]MiB\)?)$/i, 'MiB'], [/(PerSec|[_\s(](per[_\s]sec|\/s)\)?)$/i, '/s'],
  [/(Ratio|[_\s(]ratio\)?)$/, '×'], [/(Bytes|[_\s(]bytes\)?)$/, 'B'],
];

export function rowsFromRecord(record: Readonly<Record<string, number | string>>): Row[] {
  return Object.entries(record).map(([key, value]) => {
    const match = unitSuffixes.find(([pattern]) => pattern.test(key));
    return { name: key, value, unit: match ? match[1] : '' };
  });
}

export const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;

export const mib = (bytes: number): number => Math.round(bytes / 1_048_576);

/** This process's resident memory sampled every 25 ms until stop(), which answers the highest. */
export const peakRss = () => {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 25);
  return { stop: () => { clearInterval(timer); return Math.max(peak, process.memoryUsage().rss); } };
};

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const format = (value: number | string): string => (typeof value === 'number' ? value.toLocaleString('en-GB') : value);

/** A plain fixed-width table: readable in a terminal and when pasted into an issue. */
export function renderTable(section: Section): string {
  const cells = section.rows.map((r) => [r.name, format(r.value), r.unit]);
  const widths = [0, 1, 2].map((i) => Math.max(['name', 'value', 'unit'][i]!.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: readonly string[]) => `| ${c[0]!.padEnd(widths[0]!)} | ${c[1]!.padStart(widths[1]!)} | ${c[2]!.padEnd(widths[2]!)} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [`## ${section.title} (${section.seconds} s)`, '', line(['name', 'value', 'unit']), rule, ...cells.map(line), ''].join('\n');
}

/** The machine-readable record: enough context (node, cores, load) to compare two runs fairly. */
export function writeResults(path: string, sections: readonly Section[], startedAt: Date, loadAtStart: readonly number[]): void {
  const results = {
    date: startedAt.toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    // Other work on the machine skews every figure; the load average says how much to trust a run.
    loadAverageAtStart: loadAtStart.map((l) => round(l, 2)),
    loadAverageAtEnd: loadavg().map((l) => round(l, 2)),
    durationSeconds: round((Date.now() - startedAt.getTime()) / 1000, 1),
    sections: sections.map((s) => ({ title: s.title, seconds: s.seconds, ...(s.error ? { error: s.error } : {}), rows: s.rows })),
  };
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}
