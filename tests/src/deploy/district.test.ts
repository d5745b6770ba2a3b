import { describePrunedTier } from './pruned-tier.js';

describePrunedTier('district', '{ districts { id name } }');
