import { Migration } from '@mikro-orm/migrations';

/**
 * An app's directory as last imported (XPM's staff and job templates), and when each list was last
 * imported, so an empty list imported is told from one never read.
 */
export class Migration20261205110000_app_directory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_directory_entry" ("practice_id" text not null, "app" text not null, "kind" text not null, "external_id" text not null, "name" text not null, "email" text null, constraint "app_directory_entry_pkey" primary key ("practice_id", "app", "kind", "external_id"));`);
    this.addSql(`create table "app_directory_import" ("practice_id" text not null, "app" text not null, "kind" text not null, "imported_at" timestamptz not null, constraint "app_directory_import_pkey" primary key ("practice_id", "app", "kind"));`);
  }
}
