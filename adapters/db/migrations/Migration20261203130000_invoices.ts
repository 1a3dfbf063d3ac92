import { Migration } from '@mikro-orm/migrations';

/**
 * Invoices, their lines and each practice's number sequence. The unique (practice, schedule, period)
 * on lines is what bills a charge at most once; the unique (practice, number) backs the sequence.
 * `client.create_invoices` is the client's own choice over the practice's ledger default (null: follow it).
 */
export class Migration20261203130000_invoices extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "invoice" ("id" text not null, "practice_id" text not null, "client_id" text not null, "number" int null, "status" text not null, "kind" text not null, "proposal_id" text null, "proposal_number" int null, "issue_date" text not null, "due_date" text not null, "currency" text not null, "net" bigint not null, "vat" bigint not null, "gross" bigint not null, "created_at" timestamptz not null, "issued_at" timestamptz null, "ledger" jsonb null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`create index "invoice_practice_id_created_at_index" on "invoice" ("practice_id", "created_at");`);
    this.addSql(`create index "invoice_practice_id_client_id_index" on "invoice" ("practice_id", "client_id");`);
    this.addSql(`create index "invoice_practice_id_status_index" on "invoice" ("practice_id", "status");`);
    this.addSql(`alter table "invoice" add constraint "invoice_practice_id_number_unique" unique ("practice_id", "number");`);
    this.addSql(`create table "invoice_line" ("invoice_id" text not null, "position" int not null, "practice_id" text not null, "schedule_id" text null, "period" text not null, "name" text not null, "description" text not null, "ledger_account" text null, "price" jsonb not null, "headcount" jsonb null, "hold" jsonb null, constraint "invoice_line_pkey" primary key ("invoice_id", "position"));`);
    this.addSql(`alter table "invoice_line" add constraint "invoice_line_practice_id_schedule_id_period_unique" unique ("practice_id", "schedule_id", "period");`);
    this.addSql(`create table "invoice_sequence" ("practice_id" text not null, "last" int not null, constraint "invoice_sequence_pkey" primary key ("practice_id"));`);
    this.addSql(`alter table "client" add column "create_invoices" boolean null;`);
  }
}
