import { Migration } from '@mikro-orm/migrations';

/** Gusto: token refresh leases, OAuth state nonces, practice flags (Labs), webhook receipts. */
export class Migration20261122040000_gusto extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "connection_lease" ("connection_id" text not null, "practice_id" text not null, "holder" text not null, "expires_at" timestamptz not null, constraint "connection_lease_pkey" primary key ("connection_id"));`);
    this.addSql(`create table "oauth_nonce" ("practice_id" text not null, "nonce" text not null, "expires_at" timestamptz not null, constraint "oauth_nonce_pkey" primary key ("practice_id", "nonce"));`);
    this.addSql(`create table "practice_flag" ("practice_id" text not null, "key" text not null, "value" text not null, constraint "practice_flag_pkey" primary key ("practice_id", "key"));`);
    this.addSql(`create table "webhook_receipt" ("practice_id" text not null, "provider" text not null, "event_id" text not null, "received_at" timestamptz not null, constraint "webhook_receipt_pkey" primary key ("practice_id", "provider", "event_id"));`);
  }
}
