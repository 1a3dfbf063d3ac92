import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122023000_foundation } from './migrations/Migration20261122023000_foundation.js';
import { Migration20261122030000_proposals } from './migrations/Migration20261122030000_proposals.js';
import { Migration20261122040000_gusto } from './migrations/Migration20261122040000_gusto.js';
import { Migration20261122050000_chat } from './migrations/Migration20261122050000_chat.js';
import { Migration20261122060000_smart_billing } from './migrations/Migration20261122060000_smart_billing.js';
import { Migration20261202110000_unique_client_names } from './migrations/Migration20261202110000_unique_client_names.js';
import { Migration20261202110100_sync_run_owner } from './migrations/Migration20261202110100_sync_run_owner.js';
import { Migration20261203110000_sync_engine } from './migrations/Migration20261203110000_sync_engine.js';
import { Migration20261203120000_outbox } from './migrations/Migration20261203120000_outbox.js';
import { Migration20261203130000_invoices } from './migrations/Migration20261203130000_invoices.js';
import { Migration20261204100000_app_clients } from './migrations/Migration20261204100000_app_clients.js';
import { Migration20261205100000_jobs } from './migrations/Migration20261205100000_jobs.js';
import { Migration20261205120000_chat_threads } from './migrations/Migration20261205120000_chat_threads.js';
import { Migration20261205110000_app_directory } from './migrations/Migration20261205110000_app_directory.js';
import { Migration20261205111000_user_app_link } from './migrations/Migration20261205111000_user_app_link.js';

/** Committed migrations, in order. Each area appends its own. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261122023000_foundation', class: Migration20261122023000_foundation },
  { name: 'Migration20261122030000_proposals', class: Migration20261122030000_proposals },
  { name: 'Migration20261122040000_gusto', class: Migration20261122040000_gusto },
  { name: 'Migration20261122050000_chat', class: Migration20261122050000_chat },
  { name: 'Migration20261122060000_smart_billing', class: Migration20261122060000_smart_billing },
  { name: 'Migration20261202110000_unique_client_names', class: Migration20261202110000_unique_client_names },
  { name: 'Migration20261202110100_sync_run_owner', class: Migration20261202110100_sync_run_owner },
  { name: 'Migration20261203110000_sync_engine', class: Migration20261203110000_sync_engine },
  { name: 'Migration20261203120000_outbox', class: Migration20261203120000_outbox },
  { name: 'Migration20261203130000_invoices', class: Migration20261203130000_invoices },
  { name: 'Migration20261204100000_app_clients', class: Migration20261204100000_app_clients },
  { name: 'Migration20261205100000_jobs', class: Migration20261205100000_jobs },
  { name: 'Migration20261205120000_chat_threads', class: Migration20261205120000_chat_threads },
  { name: 'Migration20261205110000_app_directory', class: Migration20261205110000_app_directory },
  { name: 'Migration20261205111000_user_app_link', class: Migration20261205111000_user_app_link },
];
