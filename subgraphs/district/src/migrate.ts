import { runMigrations } from '@cso/platform';
import { definition } from './app.js';

/** Applies the district tier's pending migrations and exits (the release Job: infra/k8s/base/district-migrate.yaml). */
process.exitCode = await runMigrations(definition, process.env);
