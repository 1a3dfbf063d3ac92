/**
 * How a provider's bodies are written and read. JSON for Gusto and Sage, XML for XPM; an app
 * whose 200 can still carry a refusal (XPM's `<Status>ERROR</Status>`) names it with `envelope`.
 */
export type Codec = {
  /** Sent as Accept on every call. */
  readonly accept: string;
  /** Sent as Content-Type with a body. */
  readonly contentType: string;
  encode(body: unknown): string;
  /** Throws when the text is not this format. An empty text is never passed in. */
  decode(text: string): unknown;
  readonly envelope?: Envelope;
};

/** Looks at a decoded 2xx body: the app's own words when it is a refusal in disguise, else undefined. */
export type Envelope = (body: unknown) => string | undefined;

export const jsonCodec: Codec = {
  accept: 'application/json',
  contentType: 'application/json',
  encode: (body) => JSON.stringify(body),
  decode: (text) => JSON.parse(text) as unknown,
};
