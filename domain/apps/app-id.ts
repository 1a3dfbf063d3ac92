/**
 * An app's id as the registry declares it. The domain knows no app by name: it only carries the id
 * the registry gave.
 */
export type AppId = string;
