import { describe, expect, it } from 'vitest';
import { redactBody, redactText } from '../../../adapters/provider/redact.js';

describe('redaction of what an app sends back', () => {
  it('blanks credentials in free text: headers echoed back, token parameters, JSON and XML fields, and known secrets', () => {
    const text = [
      'Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig',
      'Authorization: Basic Y2lkOmNzZWNyZXQ=',
      'GET /cb?code=abc123&state=s1&access_token=tok-secret-1',
      '{"refresh_token": "r-secret-2", "token_type": "Bearer"}',
      '<ClientSecret>cs-secret-3</ClientSecret>',
      'echo of our client secret: the-client-secret-4',
    ].join('\n');

    const out = redactText(text, ['the-client-secret-4']);

    for (const secret of ['eyJhbGciOiJSUzI1NiJ9', 'Y2lkOmNzZWNyZXQ=', 'abc123', 'tok-secret-1', 'r-secret-2', 'cs-secret-3', 'the-client-secret-4']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('state=s1');
    expect(out).toContain('"token_type": "Bearer"');
  });

  it('replaces values under secret keys at any depth and leaves the rest and the input untouched', () => {
    const body = { error: 'invalid_grant', data: [{ access_token: 'a-1', refreshToken: 'r-1', client_secret: 's-1', expires_in: 7200, token_type: 'bearer' }] };

    const out = redactBody(body);

    expect(out).toEqual({ error: 'invalid_grant', data: [{ access_token: '[redacted]', refreshToken: '[redacted]', client_secret: '[redacted]', expires_in: 7200, token_type: 'bearer' }] });
    expect(body.data[0]!.access_token).toBe('a-1');
  });
});
