import { ConfigError } from './config.js';

/** A started service (a subgraph or the gateway) as its process runner sees it. */
export interface StoppableService {
  url: string;
  port: number;
  stop: () => Promise<void>;
  /** How long a stop may take before the process exits anyway (the service's own setting). */
  shutdownDeadlineMs?: number;
}

/** What a service process tells its launcher (over the IPC channel of `child_process.fork`) once it serves. */
export interface ServiceReadyMessage {
  type: 'ready';
  service: string;
  url: string;
  port: number;
  pid: number;
}

export interface RunOptions {
  /** A stop that takes longer is cut short: the process exits non-zero. */
  shutdownDeadlineMs?: number;
}

/**
 * Runs one service as its own process (`node dist/main.js`): starts it, reports readiness to a
 * launcher that forked it, and stops it on SIGTERM or SIGINT (or when the launcher goes away)
 * within a deadline. A configuration problem is printed without a stack and exits 1.
 */
export async function runService(name: string, start: () => Promise<StoppableService>, options: RunOptions = {}): Promise<void> {
  let running: StoppableService;
  try {
    running = await start();
  } catch (error) {
    process.stderr.write(
      error instanceof ConfigError
        ? `${error.message}\n`
        : `${name} failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  }
  const ready: ServiceReadyMessage = { type: 'ready', service: name, url: running.url, port: running.port, pid: process.pid };
  process.send?.(ready);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    const deadlineMs = running.shutdownDeadlineMs ?? options.shutdownDeadlineMs ?? 10_000;
    const deadline = setTimeout(() => {
      process.stderr.write(`${name}: shutdown took longer than ${deadlineMs} ms; exiting\n`);
      process.exit(1);
    }, deadlineMs);
    deadline.unref();
    try {
      await running.stop();
      process.exit(0);
    } catch (error) {
      process.stderr.write(`${name}: stop failed: ${String(error)}\n`);
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  // Forked by a launcher that has gone away: nobody will send a signal, so stop now.
  process.once('disconnect', () => void stop());
}
