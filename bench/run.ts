/**
 * `npm run bench`: the foundation figures (start, memory, inserts), then each area's benchmark
 * module (each in its own process) when its file exists. Prints one table per section and writes bench/results.json.
 * A benchmark, not a test: nothing here fails the build on a slow number, only on a wrong one.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { AreaMessage } from './area-child.js';
import { benchColdStart } from './cold-start.js';
import { benchInsertsEmbedded, benchInsertsServer } from './inserts.js';
import { renderTable, rowsFromRecord, runSection, writeResults, type Section } from './report.js';

/** Modules other engineers own; each exports one async function and may not have landed yet. */
const areas: readonly { title: string; file: string; exportName: string }[] = [
  { title: 'Proposals', file: 'proposals.ts', exportName: 'benchProposals' },
  { title: 'Gusto sync', file: 'gusto.ts', exportName: 'benchGusto' },
  { title: 'Invoice run into Sage', file: 'invoices.ts', exportName: 'benchInvoices' },
  { title: 'Sage customers against clients', file: 'app-clients.ts', exportName: 'benchAppClients' },
  { title: 'Slack', file: 'slack.ts', exportName: 'benchSlack' },
  { title: 'XPM first sync (15,000 clients) and a quiet daily sync', file: 'xpm-bench.ts', exportName: 'benchXpm' },
];
const areaTimeoutMs = 10 * 60_000;

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** One area in its own process (see area-child.ts); its stdout goes to our stderr so tables stay clean. */
const runInChild = (path: string, exportName: string): Promise<Record<string, number | string>> =>
  new Promise((resolve, reject) => {
    const child = fork(here('area-child.ts'), [path, exportName], {
      cwd: here('..'), execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'],
    });
    let message: AreaMessage | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), areaTimeoutMs);
    child.on('message', (m) => { message = m as AreaMessage; });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (message?.ok) resolve(message.record);
      else reject(new Error(message?.error ?? `exited with ${signal ?? code} and no result${signal === 'SIGKILL' ? ` (over ${areaTimeoutMs / 60_000} min?)` : ''}`));
    });
  });

/** Run only if present, so the runner works before (and without) every area's module. */
async function runArea(area: (typeof areas)[number]): Promise<Section | null> {
  const path = here(area.file);
  if (!existsSync(path)) return null;
  return runSection(area.title, async () => rowsFromRecord(await runInChild(path, area.exportName)));
}

/** `npm run bench -- gusto slack`: only those areas (by file name), without the foundation sections. */
const only = process.argv.slice(2).map((a) => a.toLowerCase());
const wanted = (file: string) => !only.length || only.includes(file.replace(/\.ts$/, ''));

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const sections: Section[] = [];
  const print = (section: Section) => {
    sections.push(section);
    process.stdout.write(`${renderTable(section)}\n`);
  };
  const load = loadAtStart.map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`# ignition-bot bench — ${startedAt.toISOString()}, node ${process.version}, ${cpus().length} CPUs, load ${load}\n\n`);

  if (!only.length) {
    print(await runSection('Start, memory and shutdown (embedded database)', benchColdStart));
    print(await runSection('Inserts — embedded PostgreSQL', benchInsertsEmbedded));
    print(await runSection('Inserts — PostgreSQL server', benchInsertsServer));
  }
  const skipped: string[] = [];
  for (const area of areas.filter((a) => wanted(a.file))) {
    const section = await runArea(area);
    if (section) print(section);
    else skipped.push(`bench/${area.file}`);
  }
  if (skipped.length) process.stdout.write(`Not present yet, skipped: ${skipped.join(', ')}\n`);

  const out = here('results.json');
  writeResults(out, sections, startedAt, loadAtStart);
  const failed = sections.filter((s) => s.error);
  process.stdout.write(`Wrote ${out}${failed.length ? `; ${failed.length} section(s) failed: ${failed.map((s) => s.title).join(', ')}` : ''}\n`);
  // A failed section is in the output and the JSON; the exit code lets CI notice it too. Exiting
  // explicitly means a handle left open by an area's module cannot hang the run.
  process.exit(failed.length ? 1 : 0);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
