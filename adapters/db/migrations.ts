import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122023000_foundation } from './migrations/Migration20261122023000_foundation.js';

/** Committed migrations, in order. Each area appends its own. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122023000_foundation', class: Migration20261122023000_foundation },
];
