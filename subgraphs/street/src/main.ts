import { bootstrap } from './app.js';

const running = await bootstrap();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void running.stop());
