import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yazl from 'yazl';

export type TeamsPackageInput = {
  /** The bot's Entra app id (MICROSOFT_APP_ID). */
  readonly botId: string;
  /** Where this bot is reachable over HTTPS (PUBLIC_URL). */
  readonly publicUrl: string;
  /** The Teams app id; derived from the bot id when not given, so re-packaging updates the same app. */
  readonly teamsAppId?: string;
  readonly privacyUrl?: string;
  readonly termsUrl?: string;
};

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A stable GUID-shaped id from the bot id (name-based, like a UUID v5). */
export const derivedAppId = (botId: string): string => {
  const h = createHash('sha1').update(`ignition-teams-app:${botId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Fills the manifest template's ${{NAME}} placeholders; refuses values that would make a broken package. */
export function fillManifest(template: string, input: TeamsPackageInput): string {
  if (!guid.test(input.botId)) throw new Error('MICROSOFT_APP_ID must be the bot\'s Entra app id (a GUID)');
  const url = new URL(input.publicUrl);
  if (url.protocol !== 'https:') throw new Error('PUBLIC_URL must be an https:// address Teams can reach');
  const base = url.origin + url.pathname.replace(/\/$/, '');
  const values: Record<string, string> = {
    TEAMS_APP_ID: input.teamsAppId ?? derivedAppId(input.botId),
    MICROSOFT_APP_ID: input.botId,
    PUBLIC_URL: base,
    PUBLIC_HOST: url.host,
    PRIVACY_URL: input.privacyUrl ?? base,
    TERMS_URL: input.termsUrl ?? base,
  };
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`unknown placeholder ${name} in the Teams manifest`);
    return value;
  });
  JSON.parse(filled);
  return filled;
}

/** The zip Teams wants: manifest.json and the two icons at the top level. */
export async function buildTeamsPackage(manifestDir: string, input: TeamsPackageInput): Promise<Buffer> {
  const manifest = fillManifest(await readFile(join(manifestDir, 'manifest.json'), 'utf8'), input);
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(manifest), 'manifest.json');
  zip.addBuffer(await readFile(join(manifestDir, 'color.png')), 'color.png');
  zip.addBuffer(await readFile(join(manifestDir, 'outline.png')), 'outline.png');
  zip.end();
  const parts: Buffer[] = [];
  for await (const part of zip.outputStream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}
