import { Migration } from '@mikro-orm/migrations';

/** The core model: practices, workspaces, users, clients, contacts, audit, app connections, links, sync runs. */
export class Migration20261122023000_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_link" ("practice_id" text not null, "provider" text not null, "external_id" text not null, "client_id" text not null, "sync_level" text not null, constraint "app_link_pkey" primary key ("practice_id", "provider", "external_id"));`);
    this.addSql(`create index "app_link_practice_id_client_id_index" on "app_link" ("practice_id", "client_id");`);
    this.addSql(`create table "audit_event" ("id" bigserial primary key, "practice_id" text not null, "at" timestamptz not null, "actor" text not null, "chat" text not null, "action" text not null, "subject" text null, "detail" jsonb null);`);
    this.addSql(`create index "audit_event_practice_id_at_index" on "audit_event" ("practice_id", "at");`);
    this.addSql(`create table "client" ("id" text not null, "practice_id" text not null, "status" text not null, "name" text not null, "name_key" text not null, "trade_name" text null, "email" text null, "phone" text null, "fax" text null, "website" text null, "street_address" jsonb null, "postal_address" jsonb null, "business_structure" text null, "active_employees" int null, "contractors" int null, "headcount_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "client_pkey" primary key ("id"));`);
    this.addSql(`create index "client_practice_id_name_key_index" on "client" ("practice_id", "name_key");`);
    this.addSql(`create table "app_connection" ("id" text not null, "practice_id" text not null, "provider" text not null, "external_id" text not null, "label" text not null, "status" text not null, "tokens_sealed" text not null, "settings" jsonb not null, "connected_at" timestamptz not null, "last_sync_at" timestamptz null, constraint "app_connection_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_connection" add constraint "app_connection_practice_id_provider_external_id_unique" unique ("practice_id", "provider", "external_id");`);
    this.addSql(`create table "contact" ("id" text not null, "practice_id" text not null, "client_id" text not null, "name" text not null, "salutation" text null, "email" text null, "phone" text null, "mobile" text null, constraint "contact_pkey" primary key ("id"));`);
    this.addSql(`create index "contact_practice_id_client_id_index" on "contact" ("practice_id", "client_id");`);
    this.addSql(`create table "practice" ("id" text not null, "name" text not null, "country" text not null, "currency" text not null, "time_zone" text not null, "invoice_day" int not null, "created_at" timestamptz not null, constraint "practice_pkey" primary key ("id"));`);
    this.addSql(`create table "sync_run" ("id" text not null, "practice_id" text not null, "provider" text not null, "trigger" text not null, "started_at" timestamptz not null, "finished_at" timestamptz null, "counts" jsonb not null, "errors" jsonb not null, constraint "sync_run_pkey" primary key ("id"));`);
    this.addSql(`create index "sync_run_practice_id_provider_started_at_index" on "sync_run" ("practice_id", "provider", "started_at");`);
    this.addSql(`create table "user_identity" ("platform" text not null, "workspace_id" text not null, "chat_user_id" text not null, "practice_id" text not null, "user_id" text not null, constraint "user_identity_pkey" primary key ("platform", "workspace_id", "chat_user_id"));`);
    this.addSql(`create index "user_identity_user_id_index" on "user_identity" ("user_id");`);
    this.addSql(`create table "app_user" ("id" text not null, "practice_id" text not null, "display_name" text not null, "role" text not null, "created_at" timestamptz not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`create index "app_user_practice_id_index" on "app_user" ("practice_id");`);
    this.addSql(`create table "workspace" ("platform" text not null, "workspace_id" text not null, "practice_id" text not null, constraint "workspace_pkey" primary key ("platform", "workspace_id"));`);
    this.addSql(`create index "workspace_practice_id_index" on "workspace" ("practice_id");`);
  }
}

