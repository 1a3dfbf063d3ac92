import { Migration } from '@mikro-orm/migrations';

/** Smart Billing: the choice per proposal line, and the copy each billing schedule carries. */
export class Migration20261122060000_smart_billing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "smart_billing_setting" ("practice_id" text not null, "proposal_id" text not null, "line_id" text not null, "client_id" text not null, "service_name" text not null, "status" text not null, "company_id" text null, "company_name" text null, "chosen_by" text not null, "chosen_at" timestamptz not null, "offered_at" timestamptz null, constraint "smart_billing_setting_pkey" primary key ("practice_id", "proposal_id", "line_id"));`);
    this.addSql(`create index "smart_billing_setting_practice_id_client_id_status_index" on "smart_billing_setting" ("practice_id", "client_id", "status");`);
    this.addSql(`alter table "billing_schedule" add column "smart_billing" jsonb null;`);
  }
}
