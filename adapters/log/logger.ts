import pino, { type Logger } from 'pino';

/**
 * Structured logs with secrets cut out wherever they could appear: authorization headers, cookies,
 * Slack signatures, OAuth tokens and client secrets in any logged object.
 */
export const redactedPaths = [
  'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-slack-signature"]', 'req.headers["x-gusto-signature"]',
  'headers.authorization', '*.authorization', '*.accessToken', '*.refreshToken', '*.access_token', '*.refresh_token',
  '*.token', '*.password', '*.secret', '*.clientSecret', '*.client_secret', '*.code', 'tokens', '*.tokens',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { service: 'ignition-bot' } }, destination);
}
