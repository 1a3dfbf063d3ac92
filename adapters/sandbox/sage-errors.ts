/**
 * Sage's error body: always an array of `{ $severity, $dataCode, $message, $source }`. The wordings
 * below are Sage's where a source shows them (developer.sage.com "frequently raised errors", Sage's
 * own sample-app issues); where none does, the sandbox's own wording says so in a comment.
 */
import type { FastifyReply } from 'fastify';

export type SageError = { $severity: 'error'; $dataCode: string; $message: string; $source: string };

export const sageError = ($dataCode: string, $message: string, $source = ''): SageError => ({ $severity: 'error', $dataCode, $message, $source });

/** A bad, expired or missing token, and (as the sandbox chooses) an X-Business the user cannot reach. */
export const accessDenied = (): SageError[] => [sageError('AuthorizationFailure', 'Access denied.')];

/** A lapsed trial or cancelled subscription, word for word from Sage's guide. */
export const noSubscription = (): SageError[] => [sageError('AuthorizationFailure', 'No active subscription. (MSE)')];

/** An id that matches nothing (Sage answers this even when the id sits inside a POST body). */
export const recordNotFound = (): SageError[] => [sageError('RecordNotFound', "Couldn't find record.")];

export const required = (source: string): SageError => sageError('RecordInvalid', 'This field is required.', source);
export const invalid = (source: string, message: string): SageError => sageError('RecordInvalid', message, source);

export const unprocessable = (reply: FastifyReply, errors: SageError[]) => reply.code(422).send(errors);

/**
 * Saves after a change, or undoes it and answers 500: a record the sandbox could not keep must not
 * be reported as made (the client would never retry it). Answers whether the change stands.
 */
export const commit = (reply: FastifyReply, save: () => void, undo: () => void): boolean => {
  try {
    save();
    return true;
  } catch (e) {
    undo();
    void reply.code(500).send([sageError('InternalServerError', `The Sage sandbox could not save its state: ${e instanceof Error ? e.message : String(e)}`)]);
    return false;
  }
};
