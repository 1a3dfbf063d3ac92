import { Migration } from '@mikro-orm/migrations';

/** Chat threads: each thread's root message per conversation, and the conversation a thread belongs to. */
export class Migration20261205120000_chat_threads extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "chat_thread" ("practice_id" text not null, "platform" text not null, "place" text not null, "thread_key" text not null, "root_ref" text not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, constraint "chat_thread_pkey" primary key ("practice_id", "platform", "place", "thread_key"));`);
    this.addSql(`create table "chat_thread_home" ("practice_id" text not null, "thread_key" text not null, "platform" text not null, "target" jsonb not null, "created_at" timestamptz not null, constraint "chat_thread_home_pkey" primary key ("practice_id", "thread_key"));`);
  }

}
