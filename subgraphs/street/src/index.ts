export { bootstrap, buildSchema, definition, entities } from './app.js';
export { Street } from './street/street.entity.js';
export { filingConsumers } from './filing/filing.consumers.js';
export { receivedPoliciesConsumer } from './policy/received-policy.consumer.js';
