/**
 * Process entry: load config, start the database (embedded unless DATABASE_URL), migrate, compose,
 * serve HTTP, start jobs, and close everything in order on SIGTERM/SIGINT or, in shell mode, at EOF.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { DataDirInUseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../adapters/db/embedded.js';
import { migrate, openOrm } from '../adapters/db/orm.js';
import { keyFromFile } from '../adapters/db/secret-box.js';
import { createHttpServer } from '../adapters/http/server.js';
import { createLogger } from '../adapters/log/logger.js';
import { createShellChat } from '../adapters/shell/shell-chat.js';
import { registerJobs } from '../jobs/definitions.js';
import { compose, type App } from './compose.js';
import { ConfigError, loadConfig, publicUrl, type Config } from './config.js';

export type BotOptions = {
  readonly mode: 'service' | 'shell';
  /** Where shell cards are written (stdout by default). */
  readonly write?: (text: string) => void;
  /** Quiet logs, e.g. in tests. */
  readonly logLevel?: string;
};

export type RunningBot = { readonly app: App; readonly config: Config; readonly url: string; stop(): Promise<void> };

export async function startBot(env: NodeJS.ProcessEnv, options: BotOptions): Promise<RunningBot> {
  const config = loadConfig(env);
  const shell = options.mode === 'shell';
  // In the shell the terminal is the chat, so logs go to stderr and only warnings show.
  const logger = createLogger(options.logLevel ?? (shell ? 'warn' : config.LOG_LEVEL), shell ? process.stderr : undefined);
  const dataDir = resolve(config.DATA_DIR);
  const embedded: EmbeddedDatabase | null = config.DATABASE_URL ? null : await startEmbeddedDatabase(dataDir);
  const url = config.DATABASE_URL ?? embedded!.url;
  const closers: (() => Promise<unknown>)[] = [async () => embedded?.stop()];
  try {
    const orm = await openOrm({ url, poolMax: embedded ? 4 : 10, log: (m) => logger.debug(m) });
    closers.unshift(() => orm.close(true));
    await migrate(orm);
    const pool = new pg.Pool({ connectionString: url, max: embedded ? 3 : 6 });
    closers.unshift(() => pool.end());
    const encryptionKey = config.ENCRYPTION_KEY ? Buffer.from(config.ENCRYPTION_KEY, 'base64') : keyFromFile(dataDir);
    const app = compose({ config, orm, pool, logger, encryptionKey, write: options.write ?? ((t) => process.stdout.write(t)) });

    const http = await createHttpServer({ logger, metrics: app.metrics, inScope: app.inScope, notReady: app.notReady, routes: app.routes });
    closers.unshift(() => http.close());
    await listen(http, config.HOST, config.PORT, shell);
    await registerJobs(app.scheduler.agenda, app);
    await app.scheduler.start();
    closers.unshift(() => app.scheduler.stop());
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      app,
      config,
      url: `http://127.0.0.1:${port}`,
      async stop() {
        for (const close of closers.splice(0)) await close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing'));
      },
    };
  } catch (error) {
    for (const close of closers) await close().catch(() => undefined);
    throw error;
  }
}

/** The shell may run beside a bot that already holds the port: then it takes any free port. */
async function listen(http: Awaited<ReturnType<typeof createHttpServer>>, host: string, port: number, shell: boolean) {
  try {
    await http.listen({ host, port });
  } catch (error) {
    if (!shell || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    await http.listen({ host, port: 0 });
  }
}

async function main(): Promise<void> {
  const mode = process.argv[2] === 'shell' ? 'shell' : 'service';
  let bot: RunningBot;
  try {
    bot = await startBot(process.env, { mode });
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirInUseError) {
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    process.stderr.write(`ignition-bot failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
