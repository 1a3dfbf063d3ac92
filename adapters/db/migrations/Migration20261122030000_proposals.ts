import { Migration } from '@mikro-orm/migrations';

/** Service library, proposals with their link hashes, firm templates, and billing schedules. */
export class Migration20261122030000_proposals extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "service" ("id" text not null, "practice_id" text not null, "name" text not null, "description" text not null, "currency" text not null, "price" jsonb not null, "billing" jsonb not null, "tax_rate" jsonb not null, "tax_mode" text not null, "included" boolean not null, "ledger_account" text null, "xpm_job_template" text null, "archived" boolean not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "service_pkey" primary key ("id"));`);
    this.addSql(`create index "service_practice_id_archived_index" on "service" ("practice_id", "archived");`);
    this.addSql(`create table "proposal" ("id" text not null, "practice_id" text not null, "number" int not null, "status" text not null, "client_id" text not null, "client_name" text not null, "currency" text not null, "created_by" text not null, "version" int not null, "content" jsonb not null, "history" jsonb not null, "sent_at" timestamptz null, "sent_by" text null, "sent_to" text null, "expires_at" timestamptz null, "reminders" int not null default 0, "last_reminder_at" timestamptz null, "viewed_at" timestamptz null, "closed_at" timestamptz null, "closed_by" text null, "decline_reason" text null, "acceptance" jsonb null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "proposal_pkey" primary key ("id"));`);
    this.addSql(`create index "proposal_practice_id_status_updated_at_index" on "proposal" ("practice_id", "status", "updated_at");`);
    this.addSql(`create index "proposal_status_expires_at_index" on "proposal" ("status", "expires_at");`);
    this.addSql(`alter table "proposal" add constraint "proposal_practice_id_number_unique" unique ("practice_id", "number");`);
    this.addSql(`create table "proposal_link" ("hash" text not null, "practice_id" text not null, "proposal_id" text not null, constraint "proposal_link_pkey" primary key ("hash"));`);
    this.addSql(`create index "proposal_link_practice_id_proposal_id_index" on "proposal_link" ("practice_id", "proposal_id");`);
    this.addSql(`create table "proposal_template" ("practice_id" text not null, "key" text not null, "id" text not null, "name" text not null, "per_employee" boolean not null, "content" jsonb not null, constraint "proposal_template_pkey" primary key ("practice_id", "key"));`);
    this.addSql(`create table "billing_schedule" ("id" text not null, "practice_id" text not null, "proposal_id" text not null, "proposal_number" int not null, "client_id" text not null, "kind" text not null, "status" text not null, "line" jsonb not null, "amount" jsonb not null, "needs_confirmation" boolean not null, "due_on" text null, "completed_on" text null, "completed_by" text null, "frequency" text null, "starts_on" text null, "end_rule" jsonb null, "created_at" timestamptz not null, constraint "billing_schedule_pkey" primary key ("id"));`);
    this.addSql(`create index "billing_schedule_practice_id_proposal_id_index" on "billing_schedule" ("practice_id", "proposal_id");`);
    this.addSql(`create index "billing_schedule_practice_id_client_id_index" on "billing_schedule" ("practice_id", "client_id");`);
  }
}
