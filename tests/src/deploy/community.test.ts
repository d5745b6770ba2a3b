import { describePrunedTier } from './pruned-tier.js';

describePrunedTier('community', '{ organizations(first: 1) { totalCount } }');
