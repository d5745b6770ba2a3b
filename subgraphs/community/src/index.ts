export { bootstrap, buildSchema, definition, entities } from './app.js';
export { Community } from './community/community.entity.js';
export { Organization } from './organization/organization.entity.js';
export { Member } from './member/member.entity.js';
export { filingConsumers } from './filing/filing.consumers.js';
export { reportConsumers } from './report/report.consumers.js';
