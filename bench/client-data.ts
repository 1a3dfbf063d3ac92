import type { BusinessStructure, Client } from '../domain/practice/client.js';
import { asId, type PracticeId } from '../domain/shared/ids.js';

/**
 * Deterministic, realistic-looking clients for the insert benchmark: a seeded generator, so every
 * run inserts byte-for-byte the same rows and two results.json files compare like for like.
 */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const first = ['Harbour', 'Willow', 'Northgate', 'Copper', 'Kestrel', 'Bramble', 'Atlas', 'Juniper', 'Meridian', 'Oakfield', 'Riverside', 'Lantern', 'Thistle', 'Granite', 'Saffron', 'Beacon'];
const second = ['Bakery', 'Dental', 'Joinery', 'Studio', 'Logistics', 'Veterinary', 'Plumbing', 'Consulting', 'Coffee', 'Architects', 'Florists', 'Motors', 'Physio', 'Print', 'Catering', 'Electrical'];
const suffix: [string, BusinessStructure][] = [['Ltd', 'limited-company'], ['LLP', 'llp'], ['LLC', 'llc'], ['& Co', 'partnership'], ['Inc', 'corporation'], ['', 'sole-trader']];
const cities: [string, string, string][] = [['Leeds', 'LS1 4DY', 'GB'], ['Bristol', 'BS1 5TR', 'GB'], ['Austin', '78701', 'US'], ['Denver', '80202', 'US'], ['Auckland', '1010', 'NZ'], ['Perth', '6000', 'AU']];
const streets = ['High Street', 'Mill Lane', 'Station Road', 'Church Street', 'Main Street', 'Queen Street'];

export const benchPracticeId: PracticeId = asId<'Practice'>('bench-practice');

export function makeClients(count: number, seed = 20261122): Client[] {
  const random = seeded(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const at = new Date('2026-11-01T09:00:00Z');
  return Array.from({ length: count }, (_, i): Client => {
    const [end, structure] = pick(suffix);
    // The running number keeps names unique, as a real practice's client list would be.
    const base = `${pick(first)} ${pick(second)} ${i + 1}`;
    const name = end ? `${base} ${end}` : base;
    const domain = `${base.toLowerCase().replace(/[^a-z0-9]+/g, '')}.example.com`;
    const [city, postcode, country] = pick(cities);
    const employees = Math.floor(random() * 60);
    return {
      id: asId<'Client'>(`bc${String(i).padStart(10, '0')}`),
      practiceId: benchPracticeId,
      status: random() < 0.85 ? 'client' : 'lead',
      name,
      ...(random() < 0.3 ? { tradeName: base } : {}),
      email: `accounts@${domain}`,
      phone: `+44 113 ${String(Math.floor(random() * 1e6)).padStart(6, '0')}`,
      website: `https://${domain}`,
      streetAddress: { line1: `${1 + Math.floor(random() * 200)} ${pick(streets)}`, city, postcode, country },
      businessStructure: structure,
      ...(employees ? { activeEmployees: employees, contractors: Math.floor(random() * 5), headcountAt: at } : {}),
      createdAt: at,
      updatedAt: at,
    };
  });
}
