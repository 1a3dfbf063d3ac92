import { createHash, randomBytes } from 'node:crypto';
import type { ContentHasher, LinkTokens } from '../../domain/proposals/ports.js';

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** 32 random bytes (256 bits) as base64url; only the SHA-256 of the token is ever stored. */
export class CryptoLinkTokens implements LinkTokens {
  issue() {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: sha256(token) };
  }
  hashOf(token: string): string {
    return sha256(token);
  }
}

export class Sha256ContentHasher implements ContentHasher {
  sha256(text: string): string {
    return sha256(text);
  }
}
