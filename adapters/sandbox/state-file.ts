/**
 * Where a sandbox keeps what it must not forget across a restart (grants, tokens, records it
 * created): one JSON file, written whole or not at all.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates the folder when needed (DATA_DIR may not exist when the database is a server), and never leaves half a file. */
export const writeState = (file: string, json: string): void => {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, json, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
};

/** The saved state, or null on a first start. */
export const readState = <T>(file: string | undefined): T | null =>
  file && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) as T : null;
