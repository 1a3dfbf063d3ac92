/**
 * POST /api/messages: Teams activities through botbuilder's CloudAdapter. Answers 503 while Teams is not
 * configured, unless the loudly logged local mode (TEAMS_DEV_UNAUTHENTICATED) is on. Teams' JWT check is
 * botbuilder's; the serviceUrl allow-list is ours and runs first, so no token is ever sent elsewhere.
 */
import type { FastifyInstance } from 'fastify';
import type { Activity } from 'botbuilder';
import { createTeamsAdapter, type IgnitionCloudAdapter, type TeamsCredentials } from './adapter.js';
import { teamsTurn, type TeamsBotDeps } from './bot.js';
import { createTeamsReplies, type TeamsReplies } from './replies.js';
import { isAllowedServiceUrl, type ServiceUrlPolicy } from './service-url.js';

export type TeamsDeps = TeamsBotDeps & {
  /** Null unless MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID are all set. */
  readonly credentials: TeamsCredentials | null;
  readonly devUnauthenticated: boolean;
  readonly extraServiceHosts?: readonly string[];
  readonly inScope?: <T>(fn: () => Promise<T>) => Promise<T>;
};

export type TeamsRuntime = { readonly adapter: IgnitionCloudAdapter; readonly replies: TeamsReplies; readonly policy: ServiceUrlPolicy };

const notConfigured = {
  error: 'Teams is not configured',
  hint: 'Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (see docs/chat-setup.md).',
};

/**
 * The adapter, its replies and the serviceUrl policy, or null when Teams is not configured (and not in
 * local mode). Built before the routes so the notifier can post proactively through the same adapter.
 */
export function createTeamsRuntime(d: Pick<TeamsDeps, 'credentials' | 'devUnauthenticated' | 'extraServiceHosts' | 'log'>): TeamsRuntime | null {
  const dev = !d.credentials && d.devUnauthenticated;
  if (!d.credentials && !dev) return null;
  if (dev) {
    d.log.warn({ mode: 'TEAMS_DEV_UNAUTHENTICATED' },
      '*** TEAMS LOCAL MODE: /api/messages accepts UNAUTHENTICATED activities and loopback serviceUrls. Never expose this server. ***');
  }
  const policy: ServiceUrlPolicy = { allowLoopback: dev, ...(d.extraServiceHosts ? { extraHosts: d.extraServiceHosts } : {}) };
  const adapter = createTeamsAdapter(d.credentials, d.log);
  return { adapter, policy, replies: createTeamsReplies(adapter, d.credentials?.appId ?? '', policy) };
}

/** Registers POST /api/messages; pass `runtime` when compose built it already (null means not configured). */
export async function registerTeamsRoutes(app: FastifyInstance, d: TeamsDeps & { readonly runtime?: TeamsRuntime | null }): Promise<TeamsRuntime | null> {
  const runtime = d.runtime === undefined ? createTeamsRuntime(d) : d.runtime;
  if (!runtime) {
    app.post('/api/messages', async (_req, reply) => reply.code(503).send(notConfigured));
    return null;
  }
  const { adapter, policy } = runtime;
  const turn = teamsTurn(d);
  const logic = d.inScope ? (ctx: Parameters<typeof turn>[0]) => d.inScope!(() => turn(ctx)) : turn;

  app.post('/api/messages', async (req, reply) => {
    const activity = req.body as Activity | undefined;
    if (!activity || typeof activity !== 'object' || typeof activity.type !== 'string') return reply.code(400).send({ error: 'expected a Bot Framework activity' });
    if (!isAllowedServiceUrl(activity.serviceUrl, policy)) {
      d.log.warn({ serviceUrl: String(activity.serviceUrl).slice(0, 200) }, 'teams activity refused: serviceUrl is not a Bot Framework host');
      return reply.code(401).send();
    }
    try {
      const invoke = await adapter.handle(req.headers.authorization ?? '', activity, logic);
      return reply.code(invoke?.status ?? 200).send(invoke?.body ?? '');
    } catch (error) {
      // botframework-connector's AuthenticationError (not re-exported by botbuilder) carries statusCode 401.
      if ((error as { statusCode?: number }).statusCode === 401) return reply.code(401).send();
      throw error;
    }
  });
  return runtime;
}
