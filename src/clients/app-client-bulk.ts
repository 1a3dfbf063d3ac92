import type { AppId } from '../../domain/apps/app-id.js';
import type { Client } from '../../domain/practice/client.js';
import { ok, type Result } from '../../domain/shared/result.js';
import { asId } from '../../domain/shared/ids.js';
import type { AppClient } from '../../domain/sync/app-client.js';
import { hasSameName, matchRecord, type RecordMatches } from '../../domain/sync/duplicates.js';
import type { Actor } from '../actor.js';
import {
  allRecords, audit, createFromRecord, linkRecord, matchContext, rejectedByRecord, resolveApp,
  type AppClientDeps, type AppClientError, type ImportApp,
} from './app-client-access.js';

/** What a bulk import did: the rest is waiting for a person, on the same cards a single Convert shows. */
export type BulkReport = {
  readonly app: ImportApp;
  readonly converted: readonly { readonly record: AppClient; readonly client: Client }[];
  readonly linked: readonly { readonly record: AppClient; readonly client: Client }[];
  /** Possible matches, or more than one duplicate: never linked nor converted without a click. */
  readonly waiting: readonly { readonly record: AppClient; readonly matches: RecordMatches }[];
  readonly failed: readonly { readonly record: AppClient; readonly error: AppClientError }[];
};

/**
 * `clients import APP all`: every record to import is converted when it matches nothing, linked when
 * it has exactly one exact duplicate (the help article's rule, so no person is needed), and left for
 * a person when it only may match. Hidden ("Don't import") records are not touched.
 */
export const createAppClientBulk = (d: AppClientDeps) =>
  async (actor: Actor, appWord: AppId): Promise<Result<BulkReport, AppClientError>> => {
    const resolved = await resolveApp(d, actor.practice, appWord);
    if (!resolved.ok) return resolved;
    const app = resolved.value;
    // Two runs at once would each match against its own index, and make "Acme Ltd" and "Acme Limited"
    // both; the second waits for the first and then finds what it made.
    const run = () => importEach(d, actor, app);
    return d.lock ? d.lock.withLock(actor.practice.id, asId(`${app.id}:import-all`), run) : run();
  };

async function importEach(d: AppClientDeps, actor: Actor, app: ImportApp): Promise<Result<BulkReport, AppClientError>> {
  const records = await allRecords(d, actor.practice, app.id, 'to-import');
  const ctx = await matchContext(d, actor.practice, app.id);
  const rejected = await rejectedByRecord(d, actor.practice, app.id, records);
  const report: { converted: BulkReport['converted'][number][]; linked: BulkReport['linked'][number][]; waiting: BulkReport['waiting'][number][]; failed: BulkReport['failed'][number][] } =
    { converted: [], linked: [], waiting: [], failed: [] };
  const tiedInRun = new Map<string, AppClient>();
  const alone = d.perRecord ?? ((work) => work());
  for (const record of records) {
    // Matched as the run goes, against the clients it has made too: a ledger's own "Acme Ltd" and
    // "Acme Limited" become one client and a question, not two clients.
    const matches = matchRecord(record, ctx.index, rejected.get(record.externalId));
    const only = matches.duplicates.length === 1 ? matches.duplicates[0]! : null;
    // A client this run already tied to an earlier record (two records of one name or email) is not free.
    const takenBy = only && tiedInRun.get(only.client.id);
    // One email on several records (a bureau's address): the client it names is another record's now, so a person decides.
    const emailTaken = !!takenBy && !hasSameName(only!);
    if (matches.duplicates.length > 1 || matches.possible.length || emailTaken) {
      report.waiting.push({ record, matches });
    } else if (only && takenBy) {
      report.failed.push({ record, error: { kind: 'client-mapped', app, client: only.client, current: takenBy, record } });
    } else if (only) {
      const linked = await alone(() => linkRecord(d, actor, app, record, only.client, { replaceMapping: false, action: 'client_linked' }));
      if (linked.ok) { report.linked.push({ record, client: only.client }); tiedInRun.set(only.client.id, record); } else report.failed.push({ record, error: linked.error });
    } else {
      const created = await alone(() => createFromRecord(d, actor, app, record));
      if (created.ok) {
        report.converted.push({ record, client: created.value });
        tiedInRun.set(created.value.id, record);
        ctx.index.add(created.value);
      } else report.failed.push({ record, error: created.error });
    }
  }
  await audit(d, actor, `${app.id}.clients_imported`, app.name, {
    converted: report.converted.length, linked: report.linked.length, waiting: report.waiting.length, failed: report.failed.length,
  });
  return ok({ app, ...report });
}
