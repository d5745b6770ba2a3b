import { runService } from '@cso/platform';
import { startRegistry } from './http/server.js';

/** The schema registry as its own process (how it deploys): configured from the environment. */
await runService('registry', () => startRegistry());
