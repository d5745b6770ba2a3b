import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * The SQL that would bring the database in line with the entities after all migrations ran.
 * Empty when the migrations and the entities agree; otherwise it is the body of the next migration.
 */
export async function schemaDrift(orm: MikroORM): Promise<string> {
  const sql = await orm.schema.getUpdateSchemaSQL({ wrap: false });
  return sql.trim();
}
