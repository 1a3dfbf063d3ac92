/**
 * The Slack bench's yardstick, in a process of its own: a stock Bolt app on its HTTPReceiver that
 * acks `/ignition help` with the same Block Kit our bot renders. Sends its port to the parent.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { helpCards } from '../src/commands/help.js';
import { renderCards } from '../adapters/slack/views/message.js';

const secret = process.argv[2] ?? '';
const receiver = new HTTPReceiver({ signingSecret: secret, endpoints: '/slack/events', logLevel: LogLevel.ERROR });
const app = new App({ receiver, authorize: async () => ({ botToken: 'xoxb-bench', botUserId: 'UBOT' }), logLevel: LogLevel.ERROR });
const commands = [
  { verb: 'sync', usage: 'sync', summary: 'Sync every connected app now', group: 'Apps', run: async () => [] },
  { verb: 'clients', usage: 'clients [search]', summary: 'Find clients', group: 'Clients', run: async () => [] },
];
const [help] = renderCards(helpCards(commands, ''));
app.command('/ignition', async ({ ack }) => { await ack({ response_type: 'ephemeral', ...help! }); });
const server = (await app.start({ host: '127.0.0.1', port: 0 })) as http.Server;
process.send?.({ port: (server.address() as AddressInfo).port });
process.on('SIGTERM', () => { void app.stop().then(() => process.exit(0)); });
