import type { Config } from './config.js';

/**
 * Start-up failures a person can fix, turned into one line that names the setting at fault and what
 * to do (main prints it and exits 1). Anything not recognised is passed on unchanged.
 */
export class StartError extends Error {}

const errorCode = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');

export function listenError(error: unknown, config: Config): unknown {
  const where = `${config.HOST}:${config.PORT}`;
  if (errorCode(error) === 'EADDRINUSE') return new StartError(`PORT: ${where} is already in use by another program. Stop it, or set PORT to a free port.`);
  if (errorCode(error) === 'EACCES') return new StartError(`PORT: this user may not listen on ${where}. Choose a port above 1023, or set HOST and PORT to an address it may use.`);
  if (errorCode(error) === 'EADDRNOTAVAIL') return new StartError(`HOST: ${config.HOST} is not an address of this machine. Use 127.0.0.1, or 0.0.0.0 to accept other machines.`);
  return error;
}

export function databaseStartError(error: unknown, config: Config): unknown {
  const serverUrl = config.DATABASE_URL;
  if (!serverUrl) return error;
  const target = (() => { try { const u = new URL(serverUrl); return `${u.hostname}:${u.port || 5432}`; } catch { return 'the server'; } })();
  const code = errorCode(error);
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code) || /timeout/i.test(message)) {
    return new StartError(`DATABASE_URL: cannot reach the PostgreSQL server at ${target} (${code || message}). Start it or correct DATABASE_URL; unset it to use the embedded database.`);
  }
  if (code === '28P01' || code === '28000') return new StartError(`DATABASE_URL: the server at ${target} refused the login (${message}). Check the user name and password in DATABASE_URL.`);
  if (code === '3D000') return new StartError(`DATABASE_URL: ${message} on ${target}. Create it (createdb), or name an existing database in DATABASE_URL.`);
  return error;
}
