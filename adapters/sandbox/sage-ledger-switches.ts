/**
 * Switches that change the sandbox's UK ledger between two syncs, as a bookkeeper working in Sage
 * would: new customers, a renamed one, a deleted one. Each change is stamped with the sandbox's time
 * (so `updated_or_created_since` and `deleted_since` see it) and kept in the state file. The chat's
 * `sage sandbox add-customers N | rename OLD to NEW | delete NAME` reads its words here.
 */
import { sageId, sageTime, isDeletable, isLive, type SageBook, type SageContactRecord } from './sage-data.js';
import { drawCustomer } from './sage-ledger-seed.js';
import { seededContact } from './sage-seed.js';
import { prng } from './seed.js';

/** What a switch did, or why it did nothing, in a card's words. */
export type LedgerChange = { readonly done: boolean; readonly title: string; readonly text: string };

export type SageLedgerSwitches = {
  /** The live customers' names. */
  customerNames(): string[];
  /** `count` new customers with plausible names none of the ledger's has. */
  addCustomers(count: number): SageContactRecord[];
  rename(name: string, to: string): LedgerChange;
  remove(name: string): LedgerChange;
};

export const maxAddedCustomers = 500;

const quoted = (name: string) => `“${name}”`;

export function createSageLedgerSwitches(o: { book: () => SageBook; clock: () => Date; save: () => void }): SageLedgerSwitches {
  const customers = () => o.book().data.contacts.filter((c) => isLive(c) && c.contactTypeIds.includes('CUSTOMER'));

  /** The customer a person means: the exact name, else the one name equal but for case and spacing. */
  const find = (name: string): { found: SageContactRecord } | { problem: LedgerChange } => {
    const wanted = name.trim().replace(/\s+/g, ' ');
    const all = customers();
    const exact = all.filter((c) => c.name === wanted);
    const loose = exact.length ? exact : all.filter((c) => c.name.toLowerCase().replace(/\s+/g, ' ') === wanted.toLowerCase());
    if (loose.length === 1) return { found: loose[0]! };
    if (loose.length > 1) {
      return { problem: { done: false, title: 'Which customer?', text: `${loose.length} customers are called ${quoted(wanted)} but for case (${loose.map((c) => quoted(c.name)).join(', ')}): type the name exactly as Sage has it.` } };
    }
    const near = all.filter((c) => c.name.toLowerCase().includes(wanted.toLowerCase())).slice(0, 5).map((c) => quoted(c.name));
    return { problem: { done: false, title: 'No such customer', text: `The sandbox's ${o.book().business.name} has no customer called ${quoted(wanted)}.${near.length ? ` Did you mean ${near.join(', ')}?` : ''}` } };
  };

  /** Applies a change and saves it; a change the state file could not keep is undone and the error goes on. */
  const kept = (change: () => void, undo: () => void) => {
    change();
    try {
      o.save();
    } catch (e) {
      undo();
      throw e;
    }
  };

  return {
    customerNames: () => customers().map((c) => c.name),

    addCustomers(count) {
      if (!Number.isInteger(count) || count < 1 || count > maxAddedCustomers) throw new RangeError(`add 1 to ${maxAddedCustomers} customers, not ${count}`);
      const book = o.book();
      const contacts = book.data.contacts;
      const taken = { names: new Set(contacts.map((c) => c.name.toLowerCase())), references: new Set(contacts.flatMap((c) => (c.reference ? [c.reference.toUpperCase()] : []))) };
      // Seeded by the ledger's size, so the same ledger always grows the same way.
      const r = prng(0x5a9e + contacts.length);
      const at = o.clock();
      const added = Array.from({ length: count }, () => {
        const made = seededContact(book.business, { ...drawCustomer(r, taken), createdAt: at, updatedAt: at });
        return { ...made, id: sageId('contact', book.business.id, 'added', made.reference ?? made.name, sageTime(at)) };
      });
      kept(() => contacts.push(...added), () => contacts.splice(contacts.length - added.length, added.length));
      return added;
    },

    rename(name, to) {
      const target = find(name);
      if ('problem' in target) return target.problem;
      const newName = to.trim().replace(/\s+/g, ' ');
      if (!newName) return { done: false, title: 'Rename to what?', text: 'Give the new name after `to`.' };
      const { found } = target;
      const was = { name: found.name, updatedAt: found.updatedAt };
      kept(() => { found.name = newName; found.updatedAt = sageTime(o.clock()); }, () => Object.assign(found, was));
      return { done: true, title: 'Customer renamed in the Sage sandbox', text: `${quoted(was.name)} is now ${quoted(newName)} in ${o.book().business.name}. \`sync sage\` brings the new name here: a linked client takes it when name sync is on.` };
    },

    remove(name) {
      const target = find(name);
      if ('problem' in target) return target.problem;
      const { found } = target;
      const business = o.book().business.name;
      if (!isDeletable(o.book(), found)) {
        return { done: false, title: 'Sage keeps this customer', text: `${quoted(found.name)} has invoices in ${business}, and Sage does not delete a contact with transactions.` };
      }
      kept(() => { found.deletedAt = sageTime(o.clock()); }, () => { found.deletedAt = null; });
      return { done: true, title: 'Customer deleted in the Sage sandbox', text: `${quoted(found.name)} is deleted from ${business}. \`sync sage\` reports it; a client linked to it stays linked until someone decides.` };
    },
  };
}

const listed = (names: readonly string[]) => (names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`);

/**
 * The words after `sage sandbox`, when they name a ledger switch: what it did (or why not). Null for
 * any other words (a fault switch). A name with " to " in it can be quoted, or is found anyway: the
 * split whose left side is a customer wins.
 */
export function runLedgerSwitch(s: SageLedgerSwitches, words: readonly string[]): LedgerChange | null {
  const [verb, ...rest] = words;
  switch (verb?.toLowerCase()) {
    case 'add-customers': {
      const count = rest.length === 1 && /^\d+$/.test(rest[0]!) ? Number(rest[0]) : NaN;
      if (!(count >= 1 && count <= maxAddedCustomers)) return { done: false, title: 'How many customers?', text: `Use \`sage sandbox add-customers N\` with N from 1 to ${maxAddedCustomers}.` };
      const added = s.addCustomers(count).map((c) => c.name);
      return { done: true, title: `${added.length} ${added.length === 1 ? 'customer' : 'customers'} added to the Sage sandbox`, text: `New in Sage: ${listed(added)}. \`sync sage\` brings them here to import.` };
    }
    case 'rename': {
      const splits = rest.flatMap((w, i) => (w.toLowerCase() === 'to' && i > 0 && i < rest.length - 1 ? [i] : []));
      if (!splits.length) return { done: false, title: 'Rename which customer to what?', text: 'Use `sage sandbox rename OLD-NAME to NEW-NAME`.' };
      const names = new Set(s.customerNames().map((n) => n.toLowerCase()));
      const at = splits.find((i) => names.has(rest.slice(0, i).join(' ').toLowerCase())) ?? splits[0]!;
      return s.rename(rest.slice(0, at).join(' '), rest.slice(at + 1).join(' '));
    }
    case 'delete':
      return rest.length ? s.remove(rest.join(' ')) : { done: false, title: 'Delete which customer?', text: 'Use `sage sandbox delete NAME`.' };
    default:
      return null;
  }
}
