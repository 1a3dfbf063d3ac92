import type { Activity, CloudAdapter, InvokeResponse, TurnContext } from 'botbuilder';
import { botbuilder } from './botbuilder.js';
import type { Card } from '../../src/cards.js';
import type { ChatLog } from '../../src/chat-setup/ports.js';
import { adaptiveCard } from './cards/adaptive-card.js';
import { cardActivity } from './activity.js';

export type TeamsCredentials = {
  readonly appId: string;
  readonly appPassword: string;
  readonly tenantId: string;
};

/** CloudAdapter with its turn entry point opened up, so fastify can write the response itself. */
export type IgnitionCloudAdapter = CloudAdapter & {
  handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined>;
};

/**
 * Single-tenant bot auth from the firm's own Entra app registration, or, with no credentials (local dev
 * mode only), botbuilder's unauthenticated mode.
 */
export function createTeamsAdapter(credentials: TeamsCredentials | null, log: ChatLog): IgnitionCloudAdapter {
  const { CloudAdapter: Cloud, ConfigurationBotFrameworkAuthentication } = botbuilder();
  // Declared here rather than at module level, so botbuilder loads only when Teams is used.
  class Adapter extends Cloud {
    handle(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
      return this.processActivity(authHeader, activity, logic);
    }
  }
  const auth = new ConfigurationBotFrameworkAuthentication(
    credentials
      ? { MicrosoftAppId: credentials.appId, MicrosoftAppPassword: credentials.appPassword, MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: credentials.tenantId }
      : {},
  );
  const adapter: IgnitionCloudAdapter = new Adapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityType: context.activity.type, conversation: context.activity.conversation?.id }, 'teams turn failed');
    try {
      const sorry: Card = { title: 'Something went wrong', tone: 'error', text: 'I could not finish that. Nothing was changed by the failing step; try again in a minute.' };
      await context.sendActivity(cardActivity(adaptiveCard(sorry), sorry.title));
    } catch (sendError) {
      log.warn({ err: sendError }, 'could not tell the Teams user about the failure');
    }
  };
  return adapter;
}
