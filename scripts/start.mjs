#!/usr/bin/env node
/**
 * `npm start` and `npm run shell`. Our TypeScript (src, domain, adapters, jobs; not node_modules) is
 * bundled by esbuild into one ES module under node_modules/.cache, rebuilt only when a source file is
 * newer, then run. Loading one bundle costs about half the CPU of transpiling ~200 files through a
 * loader hook at every start. `--bundle-only` builds and exits (the Docker image does this once).
 */
import { mkdirSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'node_modules', '.cache', 'ignition-bot', 'main.mjs');
const sources = ['src', 'domain', 'adapters', 'jobs'];

const newestSource = () => Math.max(statSync(join(root, 'package-lock.json')).mtimeMs, ...sources.flatMap((folder) =>
  readdirSync(join(root, folder), { recursive: true }).filter((f) => String(f).endsWith('.ts')).map((f) => statSync(join(root, folder, String(f))).mtimeMs)));

const builtAt = () => { try { return statSync(bundle).mtimeMs; } catch { return 0; } };

async function buildBundle() {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(root, 'src', 'main.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20',
    packages: 'external', sourcemap: 'linked', outfile: bundle, write: false, logLevel: 'warning',
  });
  mkdirSync(dirname(bundle), { recursive: true });
  // Written beside and renamed into place, so a second process starting at the same moment never reads half a file.
  for (const file of result.outputFiles) {
    const temporary = `${file.path}.${process.pid}`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
}

if (builtAt() < newestSource()) await buildBundle();
if (!process.argv.includes('--bundle-only')) {
  process.setSourceMapsEnabled(true);
  const { main, failedToStart } = await import(pathToFileURL(bundle).href);
  await main(process.argv.slice(2)).catch(failedToStart);
}
