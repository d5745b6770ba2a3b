import { runMigrations } from '@cso/platform';
import { definition } from './app.js';

/** Applies the community tier's pending migrations and exits (the release Job: infra/k8s/base/community-migrate.yaml). */
process.exitCode = await runMigrations(definition, process.env);
