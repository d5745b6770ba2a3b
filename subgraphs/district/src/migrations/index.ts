import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261123000000_districts } from './Migration20261123000000_districts.js';

/** Versioned migrations, in order. Add a new file per change; never edit one that has shipped. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261123000000_districts', class: Migration20261123000000_districts },
];
