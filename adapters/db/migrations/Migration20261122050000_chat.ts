import { Migration } from '@mikro-orm/migrations';

/** Chat: delivery dedupe ledger, notification routes, notification outbox. */
export class Migration20261122050000_chat extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "chat_delivery" ("workspace_id" text not null, "key" text not null, "expires_at" timestamptz not null, constraint "chat_delivery_pkey" primary key ("workspace_id", "key"));`);
    this.addSql(`create table "notification_route" ("practice_id" text not null, "event" text not null, "platform" text not null, "target" jsonb not null, "channel_name" text not null, "created_by" text not null, "created_at" timestamptz not null, constraint "notification_route_pkey" primary key ("practice_id", "event", "platform"));`);
    this.addSql(`create table "notification_outbox" ("id" text not null, "practice_id" text not null, "event" text not null, "platform" text not null, "target" jsonb not null, "card" jsonb not null, "attempts" int not null, "next_attempt_at" timestamptz not null, "last_error" text not null, "status" text not null, "created_at" timestamptz not null, constraint "notification_outbox_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_outbox_practice_id_status_next_attempt_at_index" on "notification_outbox" ("practice_id", "status", "next_attempt_at");`);
  }
}
