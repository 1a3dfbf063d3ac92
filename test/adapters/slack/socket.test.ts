/* eslint-disable @typescript-eslint/no-explicit-any -- assertions read Block Kit, Adaptive Card and socket JSON loosely */
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import nock from 'nock';
import { card } from '../../../src/cards.js';
import { startSlackSocketMode } from '../../../adapters/slack/socket.js';
import { InMemoryDeliveryLedger, recordingLog } from '../../fakes/in-memory-chat.js';
import { scriptedCore } from './support.js';

// ws comes with @slack/socket-mode; loaded untyped so the test needs no extra dependency.
const { Server: WebSocketServer } = createRequire(import.meta.url)('ws') as { Server: new (o: object) => any };

describe('Slack over Socket Mode', () => {
  let server: any;
  let port: number;
  const { core, requests } = scriptedCore((r) => ({ cards: [card(`You asked: ${r.text}`)] }));

  beforeAll(async () => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => server.on('listening', r));
    port = (server.address() as AddressInfo).port;
    nock('https://slack.test').persist().post('/api/apps.connections.open').reply(200, { ok: true, url: `ws://127.0.0.1:${port}/` });
  });
  afterAll(async () => { nock.cleanAll(); await new Promise((r) => server.close(r)); });

  it('answers a slash command envelope with Block Kit in the ack, once even if Slack sends it twice', async () => {
    const acks: any[] = [];
    const connected = new Promise<any>((resolve) => server.on('connection', (socket: any) => {
      socket.on('message', (raw: Buffer) => acks.push(JSON.parse(raw.toString())));
      socket.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A1' }, debug_info: { host: 'test' } }));
      resolve(socket);
    }));
    const socketMode = await startSlackSocketMode({
      appToken: 'xapp-test', botToken: 'xoxb-test', core, ledger: new InMemoryDeliveryLedger(), log: recordingLog(), botUserId: 'UBOT',
      socketClientOptions: { slackApiUrl: 'https://slack.test/api/' },
    });
    const socket = await connected;
    const envelope = (id: string) => JSON.stringify({
      envelope_id: id, type: 'slash_commands', accepts_response_payload: true,
      payload: { team_id: 'T1', user_id: 'U1', user_name: 'ann', channel_id: 'C1', command: '/ignition', text: 'help', trigger_id: 'trig-socket', response_url: 'https://hooks.slack.com/x' },
    });

    socket.send(envelope('e1'));
    socket.send(envelope('e2'));
    await vi.waitFor(() => expect(acks.map((a) => a.envelope_id)).toEqual(expect.arrayContaining(['e1', 'e2'])), { timeout: 5_000 });
    await socketMode.stop();

    const first = acks.find((a) => a.envelope_id === 'e1');
    expect(first.payload.blocks[0].text.text).toBe('You asked: help');
    expect(acks.some((a) => a.envelope_id === 'e2')).toBe(true);
    expect(requests).toHaveLength(1);
  });
});
