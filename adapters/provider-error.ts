/** The one typed failure every provider client throws; mapped from HTTP status in exactly one place. */
export type ProviderName = 'gusto' | 'sage' | 'xpm';

export type ProviderErrorKind =
  | 'unauthorized' | 'forbidden' | 'not-found' | 'rate-limited' | 'server' | 'network' | 'timeout'
  | 'invalid-request' | 'invalid-response' | 'invalid-grant';

export type ProviderErrorDetail = {
  readonly method?: string;
  readonly path?: string;
  readonly status?: number;
  /** The provider's error body, trimmed; it never holds our credentials. */
  readonly body?: unknown;
  readonly retryAfterMs?: number;
};

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: ProviderName,
    readonly kind: ProviderErrorKind,
    readonly detail: ProviderErrorDetail = {},
  ) {
    super(`${provider} ${kind}${detail.status ? ` (HTTP ${detail.status})` : ''}${detail.path ? ` on ${detail.method ?? 'GET'} ${detail.path}` : ''}`);
  }

  /** Worth trying again later without a person doing anything. */
  get transient(): boolean {
    return ['rate-limited', 'server', 'network', 'timeout'].includes(this.kind);
  }
}

export const classifyStatus = (status: number): ProviderErrorKind => {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'invalid-request';
};
