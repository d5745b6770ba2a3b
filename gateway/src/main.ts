import { bootstrapGateway } from './gateway.js';

const running = await bootstrapGateway();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.stop());
