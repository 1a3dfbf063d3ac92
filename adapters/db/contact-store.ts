import type { EntityManager } from '@mikro-orm/postgresql';
import type { Contact } from '../../domain/practice/client.js';
import type { ContactStore } from '../../domain/practice/ports.js';
import type { ClientId, ContactId, PracticeId } from '../../domain/shared/ids.js';
import { ContactRow } from './entities/client.entity.js';

const toDomain = (r: ContactRow): Contact => ({
  id: r.id as ContactId,
  clientId: r.clientId as ClientId,
  name: r.name,
  ...(r.salutation ? { salutation: r.salutation } : {}),
  ...(r.email ? { email: r.email } : {}),
  ...(r.phone ? { phone: r.phone } : {}),
  ...(r.mobile ? { mobile: r.mobile } : {}),
});

export class MikroOrmContactStore implements ContactStore {
  constructor(private readonly em: EntityManager) {}

  async listForClient(practiceId: PracticeId, clientId: ClientId): Promise<Contact[]> {
    return (await this.em.find(ContactRow, { practiceId, clientId }, { orderBy: { name: 'asc' } })).map(toDomain);
  }

  async save(practiceId: PracticeId, c: Contact): Promise<void> {
    await this.em.upsert(ContactRow, {
      id: c.id, practiceId, clientId: c.clientId, name: c.name,
      salutation: c.salutation ?? null, email: c.email ?? null, phone: c.phone ?? null, mobile: c.mobile ?? null,
    });
  }
}
