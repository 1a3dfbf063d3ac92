/**
 * Runs one area's benchmark module in a process of its own and sends its record back over IPC.
 * Usage (by run.ts only): node --import tsx bench/area-child.ts <module path> <export name>
 *
 * Why a child: areas report process-wide figures (RSS) that the runner's earlier sections would
 * inflate, a module can leave handles open or call process.exit, and a crash stays one error row.
 */
import { pathToFileURL } from 'node:url';

export type AreaMessage =
  | { readonly ok: true; readonly record: Record<string, number | string> }
  | { readonly ok: false; readonly error: string };

const reply = (message: AreaMessage, code: number): void => {
  if (!process.send) throw new Error('area-child.ts is started by bench/run.ts with an IPC channel');
  // Exit once the message is flushed: the module may have left timers or sockets open.
  process.send(message, () => process.exit(code));
};

async function main(): Promise<void> {
  const [path, exportName] = process.argv.slice(2);
  if (!path || !exportName) throw new Error('usage: area-child.ts <module path> <export name>');
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const bench = module[exportName];
  if (typeof bench !== 'function') throw new Error(`${path} does not export ${exportName}()`);
  const record = (await bench()) as unknown;
  if (typeof record !== 'object' || record === null) throw new Error(`${exportName}() returned ${String(record)}, not a record`);
  reply({ ok: true, record: record as Record<string, number | string> }, 0);
}

main().catch((error: unknown) => reply({ ok: false, error: error instanceof Error ? error.message : String(error) }, 1));
