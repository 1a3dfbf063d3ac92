import { Migration } from '@mikro-orm/migrations';

/** A user here linked to an app's staff member: one link per user and app, one user per staff member. */
export class Migration20261205111000_user_app_link extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "user_app_link" ("practice_id" text not null, "user_id" text not null, "app" text not null, "external_id" text not null, "name" text not null, "linked_at" timestamptz not null, constraint "user_app_link_pkey" primary key ("practice_id", "user_id", "app"));`);
    this.addSql(`alter table "user_app_link" add constraint "user_app_link_practice_id_app_external_id_unique" unique ("practice_id", "app", "external_id");`);
  }
}
