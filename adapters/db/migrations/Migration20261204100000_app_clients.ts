import { Migration } from '@mikro-orm/migrations';

/**
 * The apps' clients as last read (what `clients import` lists), the "not the same" answers given on
 * possible matches, and a client's VAT and company numbers. The (practice, app, name key, id) index
 * serves the import list's order and paging; existing clients read as before (all nullable).
 */
export class Migration20261204100000_app_clients extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_client" ("practice_id" text not null, "provider" text not null, "external_id" text not null, "name" text not null, "name_key" text not null, "match_key" text not null, "email" text null, "vat_number" text null, "company_number" text null, "reference" text null, "updated_at" timestamptz not null, "first_seen_at" timestamptz not null, "deleted_at" timestamptz null, "hidden_at" timestamptz null, constraint "app_client_pkey" primary key ("practice_id", "provider", "external_id"));`);
    this.addSql(`create index "app_client_practice_id_provider_name_key_external_id_index" on "app_client" ("practice_id", "provider", "name_key", "external_id");`);
    this.addSql(`create table "app_match_rejection" ("practice_id" text not null, "provider" text not null, "external_id" text not null, "client_id" text not null, "rejected_at" timestamptz not null, constraint "app_match_rejection_pkey" primary key ("practice_id", "provider", "external_id", "client_id"));`);
    this.addSql(`alter table "client" add column "vat_number" text null, add column "company_number" text null;`);
  }
}
