import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedDatabase } from '../../adapters/db/embedded.js';
import { createMigratedTemplate, type TestServer } from './test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testServer: TestServer;
  }
}

/**
 * One PostgreSQL server for the whole run: the one TEST_DATABASE_URL names, or else an embedded one
 * started here (so a fresh machine needs no server installed). Each suite then gets a database of
 * its own, copied from a template migrated once here.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let stopEmbedded = async (): Promise<void> => {};
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dir = mkdtempSync(join(tmpdir(), 'ignition-test-db-'));
    chmodSync(dir, 0o711); // when run as root, the server's own user must reach its cluster
    const embedded = await startEmbeddedDatabase(dir, { durable: false });
    url = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    };
  }
  const template = await createMigratedTemplate(url);
  project.provide('testServer', { url, template: template.name });
  // Cleaning up after the run is not what the run tests: a step that fails is said, not made a failed run.
  return async () => {
    for (const [what, step] of [['drop the template database', template.drop], ['stop the embedded server', stopEmbedded]] as const) {
      await step().catch((error: unknown) => console.warn(`test teardown could not ${what}: ${(error as Error).message}`));
    }
  };
}
