import { runService } from '@cso/platform';
import { bootstrap } from './app.js';

/** The district subgraph as its own process (how it deploys): configured from the environment. */
await runService('district', () => bootstrap());
