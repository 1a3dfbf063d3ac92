import type { PracticeId } from '../../domain/shared/ids.js';
import type { ReplyTarget } from '../../src/chat.js';
import type { ChatThreadStore, ThreadSpot } from '../../src/threads.js';

const id = (s: ThreadSpot) => [s.practiceId, s.platform, s.place, s.key].join('\u0000');

export class InMemoryChatThreadStore implements ChatThreadStore {
  readonly roots = new Map<string, string>();
  readonly homes = new Map<string, ReplyTarget>();
  async rootOf(spot: ThreadSpot) { return this.roots.get(id(spot)) ?? null; }
  async claimRoot(spot: ThreadSpot, ref: string, _now?: Date) {
    if (!this.roots.has(id(spot))) this.roots.set(id(spot), ref);
    return this.roots.get(id(spot))!;
  }
  async replaceRoot(spot: ThreadSpot, gone: string, ref: string, _now?: Date) {
    const now = this.roots.get(id(spot));
    if (now === undefined || now === gone) this.roots.set(id(spot), ref);
    return this.roots.get(id(spot))!;
  }
  async homeOf(practiceId: PracticeId, key: string) { return this.homes.get(`${practiceId}:${key}`) ?? null; }
  async setHome(practiceId: PracticeId, key: string, target: ReplyTarget, _now?: Date) {
    if (!this.homes.has(`${practiceId}:${key}`)) this.homes.set(`${practiceId}:${key}`, target);
  }
}
