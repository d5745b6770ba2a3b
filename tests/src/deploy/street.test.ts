import { describePrunedTier } from './pruned-tier.js';

describePrunedTier('street', '{ publicNotices(first: 1) { totalCount } }');
