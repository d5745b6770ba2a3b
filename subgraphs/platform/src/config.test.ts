import { ConfigError, parseConfig, subgraphConfigSchema } from './config.js';

describe('configuration', () => {
  it('is parsed once, with defaults, overrides winning over the environment', () => {
    const config = parseConfig(
      'svc-a',
      subgraphConfigSchema,
      { PORT: '4001', DATABASE_URL: 'postgres://x@h/db', SEED_ON_START: 'yes' },
      { PORT: 0 },
    );
    expect(config).toMatchObject({
      PORT: 0,
      DATABASE_URL: 'postgres://x@h/db',
      SEED_ON_START: true,
      MIGRATE_ON_START: true,
      LOG_LEVEL: 'info',
    });
  });

  it('reports every problem at once and names the service', () => {
    let error: unknown;
    try {
      parseConfig('svc-b', subgraphConfigSchema, { PORT: 'http', DATABASE_URL: 'mysql://x', SEED_ON_START: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { issues, message } = error as ConfigError;
    expect(message).toContain('svc-b');
    expect(issues.map((i) => i.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'SEED_ON_START']);
  });
});
