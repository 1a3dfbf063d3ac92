import type { Card } from '../../src/cards.js';
import type { NotificationEvent, Notifier } from '../../src/notify.js';
import type { PracticeId } from '../../domain/shared/ids.js';

export type Notification = { readonly practiceId: PracticeId; readonly event: NotificationEvent; readonly card: Card };

/** Keeps every notification so tests can read the cards a channel would have received. */
export const recordingNotifier = (): Notifier & { readonly sent: Notification[] } => {
  const sent: Notification[] = [];
  return { sent, async notify(practiceId, event, card) { sent.push({ practiceId, event, card }); } };
};
