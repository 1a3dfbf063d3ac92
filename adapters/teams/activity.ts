import type { Activity } from 'botbuilder';
import { botbuilder } from './botbuilder.js';

/** A message activity carrying one Adaptive Card, with a plain-text summary for notifications. */
export const cardActivity = (json: Record<string, unknown>, summary: string): Partial<Activity> => {
  const { MessageFactory, CardFactory } = botbuilder();
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(json));
  activity.summary = summary.slice(0, 200);
  return activity;
};
