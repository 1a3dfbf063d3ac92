import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throwaway DATA_DIRs for one test file. Each is traversable by other users (0711), as the embedded
 * server's own OS user needs when the tests run as root; removeAll() cleans up after the file.
 */
export function dataDirs(prefix: string): { fresh(): string; removeAll(): void } {
  const made: string[] = [];
  return {
    fresh() {
      const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
      chmodSync(dir, 0o711);
      made.push(dir);
      return dir;
    },
    removeAll() { for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true }); },
  };
}
