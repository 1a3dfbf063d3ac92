import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig, localUrl } from '../../src/config.js';

describe('configuration', () => {
  it('runs with no environment at all: embedded database, sandbox apps, shell chat', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './.data', SHELL_ROLE: 'admin', slackEnabled: false, teamsEnabled: false, sandbox: { gusto: true } });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, /^PORT: expected a port number \(got "eighty"\)$/],
    [{ PORT: '70000' }, /^PORT: expected a port from 0 to 65535/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: expected a postgresql:\/\/ connection string/],
    [{ SHELL_ROLE: 'owner' }, /^SHELL_ROLE: expected admin or staff/],
    [{ ENCRYPTION_KEY: 'short' }, /^ENCRYPTION_KEY: expected 32 random bytes in base64[^"]*$/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_SIGNING_SECRET: must be set together with SLACK_BOT_TOKEN$/],
    [{ SLACK_BOT_TOKEN: 'xoxp-user', SLACK_SIGNING_SECRET: 's' }, /^SLACK_BOT_TOKEN: expected a bot token starting with xoxb-$/],
  ])('stops with one line naming the variable for %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes a secret it refuses', () => {
    expect(() => loadConfig({ ENCRYPTION_KEY: 'hunter2-is-not-a-key' })).toThrow(/^(?!.*hunter2).*$/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).PORT).toBe(3000);
  });

  it('lists every variable it reads in .env.example and in the README\'s table', () => {
    const example = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    expect(configVariables.filter((v) => !new RegExp(`^${v}=`, 'm').test(example))).toEqual([]);
    expect(configVariables.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });

  it('reaches its own listener over loopback whatever address it listens on', () => {
    expect(localUrl(loadConfig({ PORT: '3100' }))).toBe('http://127.0.0.1:3100');
    expect(localUrl(loadConfig({ HOST: '0.0.0.0', PORT: '3100', PUBLIC_URL: 'https://bot.example.com' }))).toBe('http://127.0.0.1:3100');
    expect(localUrl(loadConfig({ HOST: '::', PORT: '3100' }))).toBe('http://[::1]:3100');
  });
});
