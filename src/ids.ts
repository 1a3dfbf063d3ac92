import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '../domain/shared/clock.js';

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** Short random ids (12 characters of Crockford base 32, 60 bits) that read well in a card or a command. */
export const randomIds: IdGenerator = {
  next() {
    const bytes = randomBytes(12);
    let id = '';
    for (const b of bytes) id += alphabet[b % 32];
    return id;
  },
};
