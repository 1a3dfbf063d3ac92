/**
 * Process entry: load config, start the database (embedded unless DATABASE_URL), migrate, compose,
 * serve HTTP, start jobs, and close everything in order on SIGTERM/SIGINT or, in shell mode, at EOF.
 */
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EmbeddedDatabaseError, requireWritableFolder, startEmbeddedDatabase, type EmbeddedDatabase } from '../adapters/db/embedded.js';
import { keyFromFile } from '../adapters/db/secret-box.js';
import { createLogger } from '../adapters/log/logger.js';
import { createShellChat } from '../adapters/shell/shell-chat.js';
import type { App } from './compose.js';
import { ConfigError, loadConfig, localUrl, publicUrl, type Config } from './config.js';
import { createShutdown } from './shutdown.js';
import { databaseStartError, listenError, StartError } from './start-errors.js';

/**
 * The application's heavy modules (MikroORM, fastify, Bolt, botbuilder…), imported while the
 * embedded database server starts in its own process, so the two overlap instead of adding up.
 */
const loadModules = async () => {
  const [orm, http, composition, gusto, pg] = await Promise.all([
    import('../adapters/db/orm.js'), import('../adapters/http/server.js'),
    import('./compose.js'), import('./compose-sandboxes.js'), import('pg'),
  ]);
  return { ...orm, ...http, ...composition, ...gusto, Pool: pg.default.Pool };
};

export type BotOptions = {
  readonly mode: 'service' | 'shell';
  /** Where shell cards are written (stdout by default), and whether that is a terminal showing ANSI bold. */
  readonly write?: (text: string) => void;
  readonly ansi?: boolean;
  /** Quiet logs, e.g. in tests. */
  readonly logLevel?: string;
};

export type RunningBot = { readonly app: App; readonly config: Config; readonly url: string; stop(): Promise<void> };

export async function startBot(env: NodeJS.ProcessEnv, options: BotOptions): Promise<RunningBot> {
  const shell = options.mode === 'shell';
  const config = await withUsablePort(loadConfig(env), shell);
  // In the shell the terminal is the chat, so logs go to stderr and only warnings show.
  const logger = createLogger(options.logLevel ?? (shell ? 'warn' : config.LOG_LEVEL), shell ? process.stderr : undefined);
  const dataDir = resolve(config.DATA_DIR);
  const loading = loadModules();
  loading.catch(() => undefined); // awaited below; this only keeps an early failure from going unhandled
  if (!config.ENCRYPTION_KEY) requireWritableFolder(dataDir); // the generated key lives there
  const embedded: EmbeddedDatabase | null = config.DATABASE_URL ? null : await startEmbeddedDatabase(dataDir);
  const url = config.DATABASE_URL ?? embedded!.url;
  const shutdown = createShutdown(logger);
  shutdown.add('the embedded database', async () => embedded?.stop(), 15_000);
  try {
    const { openOrm, migrate, createHttpServer, compose, startGustoApi, startSageApi, startXpmApi, Pool } = await loading;
    const orm = await openOrm({ url, poolMax: 10, log: (m) => logger.debug(m), warn: (m) => logger.warn(m) }).catch((error: unknown) => { throw databaseStartError(error, config); });
    shutdown.add('the database connections (MikroORM)', () => orm.close(true));
    await migrate(orm).catch((error: unknown) => { throw databaseStartError(error, config); });
    const pool = new Pool({ connectionString: url, max: 6, connectionTimeoutMillis: 5_000, keepAlive: true });
    // An idle client whose connection drops (the server restarts, the network blips) emits 'error'
    // on the pool; unheard, that would end the process. The pool replaces the client on next use.
    pool.on('error', (error) => logger.warn({ err: error }, 'database connection lost; it is replaced on next use'));
    shutdown.add('the database pool (jobs)', () => pool.end());
    const encryptionKey = config.ENCRYPTION_KEY ? Buffer.from(config.ENCRYPTION_KEY, 'base64') : keyFromFile(dataDir);
    const gustoApi = await startGustoApi({
      clientId: config.GUSTO_CLIENT_ID, clientSecret: config.GUSTO_CLIENT_SECRET, env: config.GUSTO_ENV, apiBase: config.GUSTO_API_BASE, sandboxStateFile: join(dataDir, 'gusto-sandbox.json'),
      server: { publicUrl: publicUrl(config), localUrl: localUrl(config) },
    });
    shutdown.add('the Gusto sandbox', () => gustoApi.close());
    const sageApi = await startSageApi({
      clientId: config.SAGE_CLIENT_ID, clientSecret: config.SAGE_CLIENT_SECRET, sandboxStateFile: join(dataDir, 'sage-sandbox.json'),
      server: { publicUrl: publicUrl(config), localUrl: localUrl(config) },
    });
    shutdown.add('the Sage sandbox', () => sageApi.close());
    const xpmApi = await startXpmApi({
      clientId: config.XPM_CLIENT_ID, clientSecret: config.XPM_CLIENT_SECRET, sandboxStateFile: join(dataDir, 'xpm-sandbox.json'),
      server: { publicUrl: publicUrl(config), localUrl: localUrl(config) },
    });
    shutdown.add('the XPM sandbox', () => xpmApi.close());
    const app = compose({ gustoApi, sageApi, xpmApi, config, orm, pool, logger, encryptionKey, mode: options.mode, write: options.write ?? ((t) => process.stdout.write(t)), ansi: options.ansi ?? (!options.write && process.stdout.isTTY === true) });
    // Agenda creates its tables as it is constructed: settle that before anything can fail and end the pool.
    await app.scheduler.agenda.ready;

    const http = await createHttpServer({
      logger, metrics: app.metrics, inScope: app.inScope, notReady: app.notReady, routes: app.routes, trustProxy: config.TRUST_PROXY,
    });
    shutdown.add('the HTTP server', () => http.close());
    await http.listen({ host: config.HOST, port: config.PORT }).catch((error: unknown) => { throw listenError(error, config); });
    await app.chat.registerJobs(app.scheduler.agenda);
    await app.proposals.registerJobs(app.scheduler.agenda);
    await app.apps.registerJobs(app.scheduler.agenda);
    await app.outbox.registerJobs(app.scheduler.agenda);
    await app.billing.registerJobs(app.scheduler.agenda);
    await app.jobs.registerJobs(app.scheduler.agenda);
    shutdown.add('proposal emails', () => app.proposals.close());
    await app.scheduler.start();
    // Running jobs get the scheduler's 20 s grace to finish before they are unlocked for a restart.
    shutdown.add('the job scheduler', () => app.scheduler.stop(), 25_000);
    const socket = await app.chat.startSocketMode(app.core);
    if (socket) shutdown.add('Slack Socket Mode', () => socket.stop());
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      app,
      config,
      url: `http://127.0.0.1:${port}`,
      stop: () => shutdown.run(),
    };
  } catch (error) {
    await shutdown.run();
    throw error;
  }
}

/**
 * The shell may run beside a bot that already holds the port (one on a shared PostgreSQL). Then it
 * takes a free port, chosen before composing so the links it hands out point at that port. PORT=0
 * (tests, benchmarks) is resolved the same way.
 */
async function withUsablePort(config: Config, shell: boolean): Promise<Config> {
  if (!shell && config.PORT !== 0) return config;
  const probe = createServer();
  const port = config.PORT === 0 ? 0 : await new Promise<number>((resolvePort) => {
    probe.once('error', () => resolvePort(0));
    probe.listen(config.PORT, config.HOST, () => resolvePort(config.PORT));
  });
  await new Promise((done) => (probe.listening ? probe.close(done) : done(undefined)));
  if (port) return config;
  const free = createServer();
  await new Promise<void>((done) => free.listen(0, config.HOST, done));
  const address = free.address();
  await new Promise((done) => free.close(done));
  return Object.freeze({ ...config, PORT: typeof address === 'object' && address ? address.port : 0 });
}

/** The process: `scripts/start.mjs` calls this from its bundle; `node --import tsx src/main.ts` runs it directly. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const mode = argv[0] === 'shell' ? 'shell' : 'service';
  let bot: RunningBot;
  try {
    bot = await startBot(process.env, { mode });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof EmbeddedDatabaseError || error instanceof StartError) {
      process.stderr.write(`ignition-bot: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await bot.stop();
    process.exit(code);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());

  if (mode === 'shell') {
    const chat = createShellChat({
      core: bot.app.core,
      user: { name: bot.config.SHELL_USER, id: bot.config.SHELL_USER.toLowerCase().replace(/\s+/g, '-') },
      input: process.stdin,
      write: (t) => process.stdout.write(t),
      prompt: process.stdin.isTTY === true,
      terminal: bot.app.terminal,
    });
    await chat.run();
    await bot.app.scheduler.idle();
    await stop();
    return;
  }
  const { config } = bot;
  const chats = [config.slackEnabled && 'Slack', config.teamsEnabled && 'Teams'].filter(Boolean);
  process.stdout.write(
    `ignition-bot is ready at ${publicUrl(config)} (health: ${bot.url}/readyz).\n` +
      (chats.length ? `Chat through ${chats.join(' and ')}.\n` : 'No Slack or Teams credentials are set: chat with the bot in a terminal with `npm run shell` (stop this one first when using the embedded database), and see README.md to connect Slack or Teams.\n'),
  );
}

export const failedToStart = (error: unknown): never => {
  process.stderr.write(`ignition-bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main().catch(failedToStart);
