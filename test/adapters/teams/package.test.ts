import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTeamsPackage, derivedAppId, fillManifest } from '../../../adapters/teams/app-package.js';

const dir = join(import.meta.dirname, '../../../manifests/teams');
const botId = '11111111-2222-3333-4444-555555555555';

/** Reads the entries of a small zip written by yazl (local headers, deflate or store). */
const entries = (zip: Buffer): Record<string, Buffer> => {
  const out: Record<string, Buffer> = {};
  let at = 0;
  while (zip.readUInt32LE(at) === 0x04034b50) {
    const method = zip.readUInt16LE(at + 8);
    const flags = zip.readUInt16LE(at + 6);
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 30, at + 30 + nameLength).toString();
    const start = at + 30 + nameLength + extraLength;
    const descriptor = flags & 8;
    const next = descriptor ? zip.indexOf(Buffer.from([0x50, 0x4b, 0x07, 0x08]), start) : start + zip.readUInt32LE(at + 18);
    const data = zip.subarray(start, next);
    out[name] = method === 8 ? inflateRawSync(data) : data;
    at = descriptor ? next + 16 : next;
  }
  return out;
};

const pngSize = (png: Buffer) => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('Teams app package', () => {
  it('zips the manifest with bot id and host filled in, and both icons at the right sizes', async () => {
    const zip = await buildTeamsPackage(dir, { botId, publicUrl: 'https://bot.acme.co.uk/' });

    const files = entries(zip);
    const manifest = JSON.parse(files['manifest.json']!.toString());
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(manifest.bots[0].botId).toBe(botId);
    expect(manifest.id).toBe(derivedAppId(botId));
    expect(manifest.validDomains).toEqual(['bot.acme.co.uk']);
    expect(manifest.developer.websiteUrl).toBe('https://bot.acme.co.uk');
    expect(pngSize(files['color.png']!)).toEqual([192, 192]);
    expect(pngSize(files['outline.png']!)).toEqual([32, 32]);
  });

  it('refuses a bot id that is not a GUID and a host that is not https', () => {
    const template = readFileSync(join(dir, 'manifest.json'), 'utf8');

    expect(() => fillManifest(template, { botId: 'not-a-guid', publicUrl: 'https://x.test' })).toThrow(/GUID/);
    expect(() => fillManifest(template, { botId, publicUrl: 'http://x.test' })).toThrow(/https/);
  });

  it('lists commands that the command grammar knows, within the schema limits', () => {
    const manifest = JSON.parse(fillManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'), { botId, publicUrl: 'https://x.test' }));
    const commands = manifest.bots[0].commandLists[0].commands as { title: string; description: string }[];

    expect(commands.length).toBeLessThanOrEqual(10);
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    expect(commands.map((c) => c.title)).toEqual(expect.arrayContaining(['help', 'setup', 'notify here']));
  });
});
