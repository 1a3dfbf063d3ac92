import { createRequire } from 'node:module';
import type * as Bolt from '@slack/bolt';

let loaded: typeof Bolt | undefined;

/**
 * Bolt, loaded on first use: about 0.45 s of CPU at start, paid only by an install with Slack
 * configured. Types come from `import type` as usual.
 */
export const bolt = (): typeof Bolt => (loaded ??= createRequire(import.meta.url)('@slack/bolt') as typeof Bolt);
