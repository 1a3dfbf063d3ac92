import { Migration } from '@mikro-orm/migrations';

/**
 * Clients carry what a practice-management app syncs (contacts, partner and manager, groups, tax
 * registration), and each app link keeps its sync state: the agreed baseline, writes still owed to the
 * app, and open conflicts. All nullable, so existing rows read as before.
 */
export class Migration20261203110000_sync_engine extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "client" add column "contacts" jsonb null, add column "partner" jsonb null, add column "manager" jsonb null, add column "groups" jsonb null, add column "tax_registered" boolean null;`);
    this.addSql(`alter table "app_link" add column "baseline" jsonb null, add column "pending" jsonb null, add column "conflicts" jsonb null;`);
  }
}
