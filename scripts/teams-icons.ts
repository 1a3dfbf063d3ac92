/**
 * Draws the Teams app icons as real PNGs with nothing but zlib: color.png (192×192, full colour) and
 * outline.png (32×32, white on transparent, as Teams requires). Run: node --import tsx scripts/teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes: Buffer): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

export function png(size: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) raw.set(pixel(x, y), y * (size * 4 + 1) + 1 + x * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

/** A flame: a teardrop (circle plus a point rising from it), in unit coordinates 0..1. */
const inFlame = (u: number, v: number): boolean => {
  const cx = 0.5, cy = 0.62, r = 0.22;
  const inCircle = (u - cx) ** 2 + (v - cy) ** 2 <= r * r;
  const rise = v >= 0.15 && v <= cy && Math.abs(u - cx) <= r * ((v - 0.15) / (cy - 0.15)) ** 1.4;
  return inCircle || rise;
};

const brand: Rgba = [0xe4, 0x57, 0x2e, 255];
const white: Rgba = [255, 255, 255, 255];
const clear: Rgba = [0, 0, 0, 0];

export const colorIcon = (): Buffer => png(192, (x, y) => (inFlame(x / 192, y / 192) ? white : brand));
export const outlineIcon = (): Buffer => png(32, (x, y) => (inFlame((x + 0.5) / 32, (y + 0.5) / 32) ? white : clear));

if (process.argv[1]?.endsWith('teams-icons.ts')) {
  const dir = join(import.meta.dirname, '../manifests/teams');
  writeFileSync(join(dir, 'color.png'), colorIcon());
  writeFileSync(join(dir, 'outline.png'), outlineIcon());
  console.log(`wrote ${dir}/color.png and outline.png`);
}
