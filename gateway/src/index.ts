export { bootstrapGateway, type RunningGateway, type GatewayContext } from './gateway.js';
export { loadGatewayConfig, gatewayConfigSchema, type GatewayConfig, type GatewayOverrides } from './config.js';
export { OperationRecorder } from './operations.js';
export { SubgraphDataSource, type SourceOptions } from './subgraph-source.js';
export { computeResponse, installResultShaping } from './result-shaping.js';
