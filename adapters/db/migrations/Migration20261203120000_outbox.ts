import { Migration } from '@mikro-orm/migrations';

/**
 * The outbox of writes to apps. The unique key per practice makes recording a write twice a no-op;
 * the (app, status, next attempt) index serves the drain's claim.
 */
export class Migration20261203120000_outbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_outbox" ("id" text not null, "practice_id" text not null, "app" text not null, "kind" text not null, "source_id" text not null, "period" text null, "idempotency_key" text not null, "payload" jsonb not null, "status" text not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "last_error" text null, "external_id" text null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "app_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "app_outbox_app_status_next_attempt_at_index" on "app_outbox" ("app", "status", "next_attempt_at");`);
    this.addSql(`alter table "app_outbox" add constraint "app_outbox_practice_id_idempotency_key_unique" unique ("practice_id", "idempotency_key");`);
  }
}
