import { runService } from '@cso/platform';
import { bootstrap } from './app.js';

/** The community subgraph as its own process (how it deploys): configured from the environment. */
await runService('community', () => bootstrap());
