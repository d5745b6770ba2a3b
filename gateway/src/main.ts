import { runService } from '@cso/platform';
import { bootstrapGateway } from './gateway.js';

/** The gateway as its own process (how it deploys): configured from the environment. */
await runService('gateway', () => bootstrapGateway());
