import type { App, Receiver } from '@slack/bolt';
import type { ChatLog } from '../../src/chat-setup/ports.js';
import type { SlackBody } from './body.js';

export type AckResult = { readonly status: number; readonly body: string; readonly json: boolean };

/** Bolt gives up on an unacknowledged HTTP request after 3001 ms; so do we. */
const ackTimeoutMs = 3001;

const toResponse = (response: unknown): AckResult =>
  response === undefined || response === ''
    ? { status: 200, body: '', json: false }
    : typeof response === 'string'
      ? { status: 200, body: response, json: false }
      : { status: 200, body: JSON.stringify(response), json: true };

/**
 * Our Bolt receiver: fastify owns HTTP (see routes.ts), this hands a verified body to Bolt and resolves
 * with whatever the listener acks, as soon as it acks, while the listener carries on.
 */
export class FastifySlackReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly log: ChatLog) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  dispatch(body: SlackBody, retryNum?: number, retryReason?: string): Promise<AckResult> {
    const app = this.app;
    if (!app) return Promise.resolve({ status: 503, body: '', json: false });
    return new Promise((resolve) => {
      let acked = false;
      const settle = (result: AckResult) => {
        if (acked) return;
        acked = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        this.log.warn({ type: body.type ?? body.command }, 'slack request not acknowledged within 3 s');
        settle({ status: 200, body: '', json: false });
      }, ackTimeoutMs);
      const ack = async (response?: unknown) => {
        if (acked) this.log.warn({ type: body.type ?? body.command }, 'slack ack called twice');
        settle(toResponse(response));
      };
      app
        .processEvent({ body, ack, ...(retryNum !== undefined ? { retryNum } : {}), ...(retryReason ? { retryReason } : {}) })
        .then(() => settle({ status: 200, body: '', json: false }))
        .catch((error: unknown) => {
          this.log.error({ err: error }, 'slack event processing failed');
          settle({ status: 500, body: '', json: false });
        });
    });
  }
}
