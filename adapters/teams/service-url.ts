/**
 * Replies go to an activity's serviceUrl with the bot's token attached, so that URL must be a Bot
 * Framework host. Exact host names only: anyone can register names under *.trafficmanager.net.
 */
export const botFrameworkHosts: readonly string[] = [
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
];

const loopbackHosts = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export type ServiceUrlPolicy = {
  /** Local development mode: loopback serviceUrls (a Teams test tool, a test's fake connector) are allowed. */
  readonly allowLoopback: boolean;
  readonly extraHosts?: readonly string[];
};

export function isAllowedServiceUrl(serviceUrl: unknown, policy: ServiceUrlPolicy): boolean {
  if (typeof serviceUrl !== 'string') return false;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (policy.allowLoopback && loopbackHosts.has(url.hostname)) return true;
  const host = url.hostname.toLowerCase();
  return url.protocol === 'https:' && [...botFrameworkHosts, ...(policy.extraHosts ?? [])].includes(host);
}
