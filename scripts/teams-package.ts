/**
 * npm run teams:package — zips manifests/teams with the bot id and host filled in, ready for
 * "Upload a custom app" in Teams. Reads MICROSOFT_APP_ID and PUBLIC_URL (and optionally TEAMS_APP_ID,
 * TEAMS_PRIVACY_URL, TEAMS_TERMS_URL); like main.ts, this entry point is allowed to read the environment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildTeamsPackage } from '../adapters/teams/app-package.js';

const env = process.env;
const out = resolve(process.argv[2] ?? 'dist/ignition-teams.zip');
try {
  const zip = await buildTeamsPackage(join(import.meta.dirname, '../manifests/teams'), {
    botId: env.MICROSOFT_APP_ID ?? '',
    publicUrl: env.PUBLIC_URL ?? '',
    ...(env.TEAMS_APP_ID ? { teamsAppId: env.TEAMS_APP_ID } : {}),
    ...(env.TEAMS_PRIVACY_URL ? { privacyUrl: env.TEAMS_PRIVACY_URL } : {}),
    ...(env.TEAMS_TERMS_URL ? { termsUrl: env.TEAMS_TERMS_URL } : {}),
  });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, zip);
  console.log(`Teams app package written to ${out}. Upload it in Teams: Apps → Manage your apps → Upload an app.`);
} catch (error) {
  console.error(`Could not build the Teams package: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
