/**
 * Deterministic sandbox data: the same seed always yields the same companies, people and uuids,
 * so demos, end-to-end tests and benchmarks are repeatable.
 */
import type { SimCompany, SimContractor, SimEmployee, SimLocation } from './gusto-data.js';

const step = 0x6d2b79f5;

/**
 * mulberry32: a tiny, well-known 32-bit PRNG; good enough for fake data. Its whole state is one
 * counter moved by a fixed step, so `state` tells where a stream is and `skip` jumps ahead at no cost.
 */
export const prng = (seed: number) => {
  const next = () => {
    next.state = (next.state + step) | 0;
    let t = Math.imul(next.state ^ (next.state >>> 15), 1 | next.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.state = seed;
  next.skip = (draws: number) => { next.state = (next.state + Math.imul(draws, step)) | 0; };
  return next;
};

/** How many draws one employee takes (roll, first name, last name, department): see `employee`. */
const drawsPerEmployee = 4;

const adjectives = ['Bright', 'Harbor', 'Summit', 'Cedar', 'Golden', 'Maple', 'Blue Ridge', 'Northwind', 'Silver', 'Prairie', 'Coastal', 'Evergreen'];
const nouns = ['Bakery', 'Dental', 'Logistics', 'Studios', 'Builders', 'Coffee', 'Veterinary', 'Fitness', 'Florist', 'Brewing', 'Design', 'Plumbing'];
const entityTypes = ['LLC', 'S-Corporation', 'C-Corporation', 'Sole proprietor', 'General partnership', 'Non-Profit'];
const firstNames = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Femi', 'Grace', 'Hiro', 'Isla', 'Jonah', 'Kai', 'Lena'];
const lastNames = ['Nguyen', 'Smith', 'Garcia', 'Okafor', 'Kowalski', 'Patel', 'Jones', 'Silva', 'Kim', 'Brown'];
const cities: [string, string, string][] = [['Austin', 'TX', '73301'], ['Denver', 'CO', '80202'], ['Portland', 'OR', '97201'], ['Raleigh', 'NC', '27601'], ['Boise', 'ID', '83702']];

/** The part of a uuid a kind of record and its company share (employees make a lot of them: worked out once). */
const uuidPrefix = (kind: number, company: number) =>
  `${kind.toString(16).padStart(8, '0')}-${(company >>> 16).toString(16).padStart(4, '0')}-4${(company & 0xfff).toString(16).padStart(3, '0')}-8000-`;

/** A uuid-shaped id from a counter: stable across runs, unique within a seed. */
const uuidFor = (kind: number, company: number, n: number) => `${uuidPrefix(kind, company)}${n.toString(16).padStart(12, '0')}`;

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const departments = ['Ops', 'Sales', 'Kitchen', null];
type EmployeeIds = { readonly employee: string; readonly job: string; readonly termination: string };
const employeeIds = (ci: number): EmployeeIds => ({ employee: uuidPrefix(2, ci), job: uuidPrefix(3, ci), termination: uuidPrefix(4, ci) });

/** Roughly: 85 % active, 7 % left, 3 % leaving later, 5 % still onboarding. */
const standingOf = (roll: number) => ({ left: roll < 0.07, leaving: roll >= 0.07 && roll < 0.1, onboarding: roll >= 0.1 && roll < 0.15 });

const employee = (r: () => number, company: string, ci: number, n: number, ids: EmployeeIds = employeeIds(ci)): SimEmployee => {
  const { left, leaving, onboarding } = standingOf(r());
  const first = pick(r, firstNames), last = pick(r, lastNames);
  const serial = n.toString(16).padStart(12, '0');
  const terminations = left || leaving
    ? [{ uuid: ids.termination + serial, version: 'v1', active: left, effective_date: left ? '2025-06-30' : '2099-12-31', cancelable: leaving, run_termination_payroll: false }]
    : [];
  return {
    uuid: ids.employee + serial, first_name: first, last_name: last, email: `${first}.${last}.${n}@example.com`.toLowerCase(),
    company_uuid: company, version: 'v1', department: pick(r, departments),
    terminated: left || leaving, onboarded: !onboarding,
    onboarding_status: onboarding ? 'admin_onboarding_incomplete' : 'onboarding_completed',
    current_employment_status: 'full_time',
    jobs: [{ uuid: ids.job + serial, hire_date: '2023-03-01', title: 'Associate', primary: true }],
    terminations,
  };
};

const location = (r: () => number, company: string, ci: number, n: number, mailing: boolean): SimLocation => {
  const [city, state, zip] = pick(r, cities);
  return {
    uuid: uuidFor(5, ci, n), version: 'v1', company_uuid: company, phone_number: `55501${String(ci % 100).padStart(2, '0')}${n}`,
    street_1: `${100 + Math.floor(r() * 900)} ${pick(r, ['Main', 'Oak', 'Pine', 'Market'])} Street`, street_2: n ? `Suite ${n}00` : null,
    city, state, zip, country: 'USA', mailing_address: mailing, filing_address: !mailing || n === 0,
    active: true, created_at: '2023-01-01T00:00:00.000Z', updated_at: '2023-01-01T00:00:00.000Z',
  };
};

const contractor = (r: () => number, company: string, ci: number, n: number): SimContractor => ({
  uuid: uuidFor(6, ci, n), company_uuid: company, version: 'v1', type: 'Individual', wage_type: 'Hourly',
  first_name: pick(r, firstNames), last_name: pick(r, lastNames), business_name: null,
  is_active: r() > 0.2, onboarded: true, onboarding_status: 'onboarding_completed',
});

/**
 * One person of a made-on-read company: `facts` carries what the list's filters read (a shared
 * stand-in with the same standing, hire date and termination dates), `make` the whole person,
 * so a count over thousands builds only the page it answers with.
 */
export type EmployeeRow = { readonly facts: SimEmployee; make(): SimEmployee };

/** One stand-in per standing (left, leaving, onboarding, active), made by `employee` itself. */
const standIns = [0, 0.08, 0.12, 0.5].map((roll) => employee(() => roll, 'stand-in', 0, 0));
const standInFor = (roll: number): SimEmployee => {
  const s = standingOf(roll);
  return standIns[s.left ? 0 : s.leaving ? 1 : s.onboarding ? 2 : 3]!;
};

/**
 * Gives a company employees made afresh on every read, from where their draws sit in the seed's
 * stream: 150,000 simulated people need not sit in memory beside the bot (the bench's 1,000
 * companies), and the data is what it always was. A mutation pins them first (pinEmployees).
 */
const madeOnRead = (c: Omit<SimCompany, 'employees'>, rows: () => Generator<EmployeeRow>): SimCompany => {
  const company = Object.defineProperty(c, 'employees', { get: () => [...rows()].map((row) => row.make()), enumerable: true, configurable: true }) as SimCompany;
  makers.set(company, rows);
  return company;
};
const makers = new WeakMap<SimCompany, () => Generator<EmployeeRow>>();

/** A company's employees one at a time, each made only when asked for (a list of them is never built). */
export function* eachEmployee(c: SimCompany): Generator<EmployeeRow> {
  const rows = makers.get(c);
  if (rows) yield* rows();
  else for (const e of c.employees) yield { facts: e, make: () => e };
}

/** Turns a company's made-on-read employees into a plain list, so a change to it sticks. */
export const pinEmployees = (c: SimCompany): void => {
  const employees = c.employees;
  makers.delete(c);
  Object.defineProperty(c, 'employees', { value: employees, writable: true, enumerable: true, configurable: true });
};

/** `companies` companies with 1 to 300 employees each (the first has 1, the second 300, then random). */
export function seedGustoCompanies(o: { companies?: number; seed?: number } = {}): SimCompany[] {
  const r = prng(o.seed ?? 20261122);
  return Array.from({ length: o.companies ?? 25 }, (_, ci) => {
    const uuid = uuidFor(1, ci, ci + 1);
    const size = ci === 0 ? 1 : ci === 1 ? 300 : 1 + Math.floor(r() * 300);
    const name = `${pick(r, adjectives)} ${pick(r, nouns)} ${ci + 1}`;
    const entity = pick(r, entityTypes);
    const tradeName = r() < 0.5 ? name : null;
    const locations = [location(r, uuid, ci, 0, true), ...(r() < 0.3 ? [location(r, uuid, ci, 1, false)] : [])];
    const employeesFrom = r.state;
    r.skip(size * drawsPerEmployee);
    const contractors = Array.from({ length: Math.floor(r() * 5) }, (_, n) => contractor(r, uuid, ci, n + 1));
    return madeOnRead({
      uuid, name: `${name} ${entity === 'LLC' ? 'LLC' : 'Inc'}`, trade_name: tradeName, entity_type: entity,
      ein: `00-${String(1000000 + ci).slice(-7)}`, slug: name.toLowerCase().replace(/\s+/g, '-'),
      company_status: 'Approved', tier: 'plus', is_suspended: false, contractor_only: false, locations, contractors,
    }, function* rows() {
      const own = prng(employeesFrom);
      const ids = employeeIds(ci);
      for (let n = 1; n <= size; n++) {
        const at = own.state;
        const facts = standInFor(own());
        own.skip(drawsPerEmployee - 1);
        yield { facts, make: () => employee(prng(at), uuid, ci, n, ids) };
      }
    });
  });
}

/** A new, active, onboarded employee for a company: the "hire someone in Gusto" mutation. */
export const newHire = (c: SimCompany, n: number): SimEmployee => ({
  ...employee(() => 0.5, c.uuid, 0xffff, n), uuid: uuidFor(7, 0, n), company_uuid: c.uuid,
});

/**
 * Someone who left on `leftOn` and was hired again on `rehiredOn`, as Gusto keeps them: still flagged
 * terminated ("has been terminated"), the old termination kept, and a job with the new hire date.
 */
export const rehired = (c: SimCompany, n: number, leftOn: string, rehiredOn: string): SimEmployee => {
  const e = newHire(c, n);
  return {
    ...e, terminated: true,
    terminations: [{ uuid: uuidFor(8, 0, n), version: 'v1', active: true, effective_date: leftOn, cancelable: false, run_termination_payroll: false }],
    jobs: [...e.jobs, { uuid: uuidFor(9, 0, n), hire_date: rehiredOn, title: 'Associate', primary: true }].map((j, i) => ({ ...j, primary: i === 1 })),
  };
};

/**
 * Gusto's `onboarded_active` ("ready to work"): onboarded, hired by `today`, and no termination in
 * effect since the latest hire. A rehire's older termination no longer counts against them.
 */
export const onboardedActive = (e: SimEmployee, today: string): boolean => {
  const hired = e.jobs.map((j) => j.hire_date).sort().at(-1) ?? '0000-00-00';
  return e.onboarded && hired <= today && !e.terminations.some((t) => t.effective_date < today && t.effective_date >= hired);
};
