import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than five minutes from our clock is refused. */
export const replayWindowSeconds = 5 * 60;

export type SignedHeaders = {
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
};

export const signatureFor = (secret: string, timestamp: string, body: Buffer | string): string => {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(body);
  return `v0=${hmac.digest('hex')}`;
};

/**
 * Checks the v0 signature over the exact bytes Slack sent. Unlike Bolt's check this also refuses
 * timestamps from the future, so a clock-skewed capture can't be replayed later.
 */
export function isSignedBySlack(secret: string, headers: SignedHeaders, body: Buffer, nowMs: number): boolean {
  const { signature, timestamp } = headers;
  if (!secret || !signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > replayWindowSeconds) return false;
  if (!signature.startsWith('v0=')) return false;
  const expected = Buffer.from(signatureFor(secret, timestamp, body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
