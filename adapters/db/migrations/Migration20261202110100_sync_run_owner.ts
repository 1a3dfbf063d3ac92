import { Migration } from '@mikro-orm/migrations';

/**
 * Sync runs record the bot process running them (its worker id, whose presence is a PostgreSQL
 * advisory lock), so a run left open by a process that died is found and marked interrupted.
 */
export class Migration20261202110100_sync_run_owner extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "sync_run" add column "owner" text null, add column "interrupted" boolean not null default false;`);
    this.addSql(`create index "sync_run_open_index" on "sync_run" ("owner") where "finished_at" is null;`);
  }
}
