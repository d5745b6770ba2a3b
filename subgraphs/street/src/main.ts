import { runService } from '@cso/platform';
import { bootstrap } from './app.js';

/** The street subgraph as its own process (how it deploys): configured from the environment. */
await runService('street', () => bootstrap());
