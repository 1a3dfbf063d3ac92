import type { webApi } from '@slack/bolt';
import { bolt } from './bolt.js';
import { boltLogger, createSlackApp, type SlackDeps } from './slack-app.js';

/**
 * Socket Mode: the same listeners over a WebSocket Slack opens for us (app-level token with
 * connections:write), so a firm can run the bot with no public URL. Slack signs nothing here; the
 * socket itself is authenticated, and duplicates are still dropped by the ledger.
 */
export async function startSlackSocketMode(
  d: SlackDeps & { readonly appToken: string; readonly socketClientOptions?: webApi.WebClientOptions },
): Promise<{ stop(): Promise<void> }> {
  const receiver = new (bolt().SocketModeReceiver)({
    appToken: d.appToken,
    logger: boltLogger(d.log),
    ...(d.socketClientOptions ? { installerOptions: { clientOptions: d.socketClientOptions } } : {}),
  });
  const app = createSlackApp(d, { receiver });
  await app.start();
  d.log.info({}, 'slack connected in socket mode');
  return { stop: async () => { await app.stop(); } };
}
