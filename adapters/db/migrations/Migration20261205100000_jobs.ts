import { Migration } from '@mikro-orm/migrations';

/**
 * The jobs asked for in practice apps (XPM). The primary key (practice, schedule, period) is what
 * asks for a job at most once, whichever run or process gets there first; the (practice, proposal)
 * index serves a proposal's list of its jobs.
 */
export class Migration20261205100000_jobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "job_deployment" ("practice_id" text not null, "schedule_id" text not null, "period" text not null, "proposal_id" text not null, "client_id" text not null, "name" text not null, "description" text not null, "start_date" text not null, "due_date" text not null, "template_id" text not null, "marker" text not null, "requested_at" timestamptz not null, "created_app" text null, "created_id" text null, "created_number" text null, "created_url" text null, constraint "job_deployment_pkey" primary key ("practice_id", "schedule_id", "period"));`);
    this.addSql(`create index "job_deployment_practice_id_proposal_id_index" on "job_deployment" ("practice_id", "proposal_id");`);
  }
}
