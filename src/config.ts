import { z } from 'zod';

/** The only reader of the environment. Parsed once at start into a frozen, typed Config. */
const optionalText = z.string().trim().min(1).optional();
const flag = z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'expected true or false' })
  .optional().transform((v) => v === 'true' || v === '1' || v === 'yes');

const Env = z.object({
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535, 'expected a port from 0 to 65535').default(3000),
  HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url({ error: 'expected the address people reach the bot at, e.g. https://bot.example.com' }).optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgresql:// connection string').optional(),
  DATA_DIR: z.string().min(1).default('./.data'),
  ENCRYPTION_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'expected 32 random bytes in base64 (openssl rand -base64 32)').optional(),
  /** Behind a reverse proxy, trust its X-Forwarded-For (client IPs in acceptance evidence and rate limits). */
  TRUST_PROXY: flag,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHELL_USER: z.string().min(1).default('Shell admin'),
  SHELL_ROLE: z.enum(['admin', 'staff'], { error: 'expected admin or staff' }).default('admin'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'expected a bot token starting with xoxb-').optional(),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  MICROSOFT_APP_TENANT_ID: optionalText,
  TEAMS_DEV_UNAUTHENTICATED: flag,
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'expected smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().default('Ignition bot <no-reply@localhost>'),
  GUSTO_CLIENT_ID: optionalText,
  GUSTO_CLIENT_SECRET: optionalText,
  GUSTO_ENV: z.enum(['production', 'demo'], { error: 'expected production or demo' }).default('demo'),
  GUSTO_WEBHOOK_SECRET: optionalText,
  GUSTO_API_BASE: z.url({ error: 'expected the Gusto API host, e.g. https://api.gusto-demo.com' }).optional(),
  SAGE_CLIENT_ID: optionalText,
  SAGE_CLIENT_SECRET: optionalText,
  /** Xero Practice Manager's app credentials (a Xero app with the practicemanager scopes); unset, the XPM sandbox stands in. */
  XPM_CLIENT_ID: optionalText,
  XPM_CLIENT_SECRET: optionalText,
});

/** Every variable the bot reads (.env.example and the README list them all). */
export const configVariables: readonly string[] = Object.keys(Env.shape);

export type Config = Readonly<z.infer<typeof Env>> & {
  /** No app credentials: the sandbox simulators stand in for Gusto, and every card says so. */
  readonly sandbox: { readonly gusto: boolean; readonly sage: boolean; readonly xpm: boolean };
  readonly slackEnabled: boolean;
  readonly teamsEnabled: boolean;
};

export class ConfigError extends Error {}

/** Variables that only work together. Socket Mode needs no signing secret: Slack never calls us. */
const pairs = (env: Record<string, string | undefined>): [string, string][] => [
  ...(env.SLACK_APP_TOKEN ? [] : [['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as [string, string]]),
  ['MICROSOFT_APP_ID', 'MICROSOFT_APP_PASSWORD'],
  ['MICROSOFT_APP_ID', 'MICROSOFT_APP_TENANT_ID'],
  ['GUSTO_CLIENT_ID', 'GUSTO_CLIENT_SECRET'],
  ['SAGE_CLIENT_ID', 'SAGE_CLIENT_SECRET'],
  ['XPM_CLIENT_ID', 'XPM_CLIENT_SECRET'],
];

/** Parses the environment, or throws a ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = Env.safeParse(blanksRemoved);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = env[name];
    const secret = /TOKEN|SECRET|PASSWORD|KEY/.test(name);
    throw new ConfigError(`${name}: ${issue.message}${got !== undefined && !secret ? ` (got "${got}")` : ''}`);
  }
  const c = parsed.data;
  for (const [a, b] of pairs(blanksRemoved)) {
    if (Boolean(blanksRemoved[a]) !== Boolean(blanksRemoved[b])) {
      throw new ConfigError(`${blanksRemoved[a] ? b : a}: must be set together with ${blanksRemoved[a] ? a : b}`);
    }
  }
  if (c.SLACK_APP_TOKEN && !c.SLACK_BOT_TOKEN) throw new ConfigError('SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) also needs the bot token');
  return Object.freeze({
    ...c,
    sandbox: Object.freeze({ gusto: !c.GUSTO_CLIENT_ID, sage: !c.SAGE_CLIENT_ID, xpm: !c.XPM_CLIENT_ID }),
    slackEnabled: Boolean(c.SLACK_BOT_TOKEN),
    teamsEnabled: Boolean(c.MICROSOFT_APP_ID) || c.TEAMS_DEV_UNAUTHENTICATED,
  });
}

/** The address people and providers reach us at; defaults to the local listener. */
export const publicUrl = (c: Config): string => (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, '');

/**
 * Where this process reaches its own listener: the bot's calls to the sandbox apps mounted on its
 * server go here, not through PUBLIC_URL, which a proxy or Docker may not route back to us.
 */
export const localUrl = (c: Config): string => {
  const host = c.HOST === '0.0.0.0' ? '127.0.0.1' : c.HOST === '::' ? '::1' : c.HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${c.PORT}`;
};
