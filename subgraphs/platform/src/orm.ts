import { ReflectMetadataProvider } from '@mikro-orm/decorators/legacy';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import type { Logger } from 'pino';

export interface OrmOptions {
  clientUrl: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  migrations: MigrationObject[];
  poolMax: number;
  log: Logger;
  /** Called with every SQL statement; tests use it to count queries. */
  onQuery?: (sql: string) => void;
}

export function ormConfig(options: OrmOptions): Options {
  const { onQuery, log } = options;
  return {
    clientUrl: options.clientUrl,
    entities: options.entities,
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList: options.migrations, transactional: true, allOrNothing: true, snapshot: false, silent: true },
    pool: { min: 0, max: options.poolMax },
    // Entities are never validated against a live schema at boot: migrations own the schema.
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: onQuery ? ['query'] : false,
    slowQueryThreshold: 1000,
    loggerFactory: () => ({
      log: (namespace: string, message: string) => log.debug({ orm: namespace }, message),
      error: (namespace: string, message: string) => log.error({ orm: namespace }, message),
      warn: (namespace: string, message: string) => log.warn({ orm: namespace }, message),
      logQuery(context: { query?: string; namespace?: string; took?: number }) {
        if (context.namespace === 'slow-query') log.warn({ took: context.took }, 'slow SQL statement');
        else if (context.query && onQuery) onQuery(context.query);
      },
      setDebugMode: () => undefined,
      isEnabled: (namespace: string) => (namespace === 'query' ? Boolean(onQuery) : namespace === 'slow-query'),
    }),
  } as Options;
}

export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(options));
}
