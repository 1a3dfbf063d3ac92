import { createServer, type AddressInfo } from 'node:net';
import { RequestContext } from '@mikro-orm/postgresql';
import Fastify, { type FastifyInstance } from 'fastify';
import { MikroOrmAppLinkStore } from '../../adapters/db/app-link-store.js';
import { MikroOrmAuditLog } from '../../adapters/db/audit-log.js';
import { MikroOrmClientStore } from '../../adapters/db/client-store.js';
import { MikroOrmConnectionStore } from '../../adapters/db/connection-store.js';
import { MikroOrmContactStore } from '../../adapters/db/contact-store.js';
import { MikroOrmPracticeStore } from '../../adapters/db/practice-store.js';
import { createSecretBox } from '../../adapters/db/secret-box.js';
import { MikroOrmSyncRunStore } from '../../adapters/db/sync-run-store.js';
import { MikroOrmUserStore } from '../../adapters/db/user-store.js';
import { createShellChat, createShellTerminal } from '../../adapters/shell/shell-chat.js';
import { clientCommands } from '../../src/clients/commands.js';
import { createClientUseCases } from '../../src/clients/use-cases.js';
import { createChatCore } from '../../src/commands/core.js';
import { composeApps, type RegistrationContext } from '../../src/compose-apps.js';
import type { RegisteredApp } from '../../src/apps/app.js';
import { composeOutbox } from '../../src/compose-outbox.js';
import { syncCommands } from '../../src/sync/commands.js';
import { createSyncUseCases } from '../../src/sync/use-cases.js';
import { registerGusto } from '../../adapters/gusto/registration.js';
import { startGustoApi } from '../../src/compose-sandboxes.js';
import { randomIds } from '../../src/ids.js';
import { recordingNotifier } from '../fakes/recording-notifier.js';
import type { TestDatabase } from '../support/db.js';

/** The redirect URI must be known before the server starts, so the port is chosen first. */
const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as AddressInfo;
    probe.close(() => resolve(port));
  });
});

/**
 * The bot as the shell runs it, on a real database, with the apps wiring from src/compose-apps.ts and Gusto registered,
 * an HTTP server on a loopback port for the OAuth callback and webhooks, with the Gusto sandbox
 * mounted on it as the bot mounts it.
 */
export async function gustoShellApp(db: TestDatabase, o: {
  companies?: number;
  /** More apps registered beside Gusto, through the same registry path the bot uses. */
  also?: (ctx: RegistrationContext) => readonly RegisteredApp[];
} = {}) {
  const em = db.orm.em;
  const inScope = <T>(fn: () => Promise<T>) => RequestContext.create(em, fn);
  const key = Buffer.alloc(32, 3);
  const stores = {
    practices: new MikroOrmPracticeStore(em), users: new MikroOrmUserStore(em), clients: new MikroOrmClientStore(em),
    contacts: new MikroOrmContactStore(em), audit: new MikroOrmAuditLog(em), connections: new MikroOrmConnectionStore(em, createSecretBox(key)),
    links: new MikroOrmAppLinkStore(em), syncRuns: new MikroOrmSyncRunStore(em),
  };
  const output: string[] = [];
  const write = (t: string) => { output.push(t); };
  const clock = { now: () => new Date() };
  const http: FastifyInstance = Fastify();
  const port = await freePort();
  const address = `http://127.0.0.1:${port}`;
  const api = await startGustoApi({ env: 'demo', sandboxCompanies: o.companies ?? 25, server: { publicUrl: address, localUrl: address } });
  const notifier = recordingNotifier();
  const terminal = createShellTerminal({ write });
  // The outbox writes through the registered apps, as compose.ts wires it; with no scheduler, a wake drains in place.
  const outbox = composeOutbox({
    em, notifier, clock, ids: randomIds, inScope, log: { warn: () => {}, error: () => {} },
    writers: (app, kind) => gusto.writers(app, kind), budgets: (app) => gusto.budgets(app), appName: (app) => gusto.nameOf(app),
  });
  const gusto = composeApps({
    publicUrl: address, em, encryptionKey: key, stores, notifier, replies: terminal.replies, clock, ids: randomIds, inScope, writes: outbox.writes,
  }, (ctx) => [registerGusto({ api }, ctx), ...(o.also?.(ctx) ?? [])]);
  for (const route of gusto.routes) await http.register(async (scope) => route(scope));
  await http.listen({ host: '127.0.0.1', port });
  const clientsUc = createClientUseCases({ ...stores, clock, ids: randomIds });
  const core = createChatCore({
    ...stores, clock, ids: randomIds, roleForNewUser: () => 'admin',
    commands: [
      ...clientCommands(clientsUc, gusto.info), ...gusto.commands,
      ...syncCommands(createSyncUseCases({ ...stores, clock, findClient: clientsUc.find, writes: outbox.writes }), gusto.info), ...outbox.commands,
    ],
    onError: (e) => { output.push(`ERROR ${String(e)}`); },
  });
  const shell = createShellChat({ core: { handle: (r) => inScope(() => core.handle(r)) }, user: { name: 'Shell admin', id: 'me' }, input: process.stdin, write, terminal });

  /** Types a line and returns what the terminal printed for it. */
  const type = async (line: string): Promise<string> => {
    const from = output.length;
    await shell.say(line);
    return output.slice(from).join('');
  };
  return {
    type, output, notifier, sandbox: api.sandbox!, gusto, stores, outbox, address,
    close: async () => { await http.close(); await api.close(); },
  };
}
