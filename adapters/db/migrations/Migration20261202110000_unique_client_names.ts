import { Migration } from '@mikro-orm/migrations';

/** normaliseName (domain/practice/client.ts) in SQL: lower case, spaces collapsed, a trailing full stop dropped. */
const nameKey = (column: string) => `btrim(regexp_replace(regexp_replace(lower(${column}), '\\s+', ' ', 'g'), '\\.$', ''))`;

/**
 * One client per name in a practice, enforced by a unique index, so two people (or a person and a
 * Gusto sync) adding the same name at once make one client. Clients that already share a name keep
 * the oldest as it is; the others get " (2)", " (3)"… and the audit log says so.
 */
export class Migration20261202110000_unique_client_names extends Migration {
  override async up(): Promise<void> {
    this.addSql(`do $$
      declare r record; n int; candidate text;
      begin
        for r in select id, practice_id, name from (
            select id, practice_id, name, row_number() over (partition by practice_id, name_key order by created_at, id) as rank from client
          ) ranked where rank > 1 order by practice_id, name, id
        loop
          n := 2;
          loop
            candidate := btrim(r.name) || ' (' || n || ')';
            exit when not exists (select 1 from client where practice_id = r.practice_id and name_key = ${nameKey('candidate')});
            n := n + 1;
          end loop;
          update client set name = candidate, name_key = ${nameKey('candidate')} where id = r.id;
          insert into audit_event (practice_id, at, actor, chat, action, subject, detail)
          values (r.practice_id, now(), 'upgrade', 'system', 'client.renamed', candidate,
            jsonb_build_object('clientId', r.id, 'was', r.name, 'why', 'another client had the same name; client names are now unique'));
        end loop;
      end $$;`);
    this.addSql(`drop index "client_practice_id_name_key_index";`);
    this.addSql(`alter table "client" add constraint "client_practice_id_name_key_unique" unique ("practice_id", "name_key");`);
  }
}
