import { connectionOf } from '@cso/platform';
import { BlacklistEntry } from './filing.entity.js';

export const BlacklistConnection = connectionOf(BlacklistEntry, 'BlacklistEntry', 'A page of the blacklist, newest first.');
export type BlacklistConnection = InstanceType<typeof BlacklistConnection>;
