import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (100 on every Linux this runs on; asked once). */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

interface Stat {
  pid: number;
  ppid: number;
  /** User plus system CPU of the process itself, in seconds. */
  cpu: number;
}

/** One process's line of /proc/<pid>/stat, or null when it is gone. */
function stat(pid: number): Stat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: fields are counted after it.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pid, ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
}

function allProcesses(): Stat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => stat(Number(name)))
    .filter((s): s is Stat => s !== null);
}

/** The process and every process below it (PostgreSQL's backends under its postmaster). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const s of allProcesses()) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s.pid]);
  const tree: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** CPU seconds used so far by these processes (the living ones: a backend that exited takes its time with it). */
export function cpuSeconds(pids: number[]): number {
  return pids.reduce((sum, pid) => sum + (stat(pid)?.cpu ?? 0), 0);
}

/**
 * CPU nanoseconds used so far by a process, all its threads summed (the scheduler's own count in
 * /proc/<pid>/task/<tid>/schedstat: nanosecond resolution, where /proc/<pid>/stat counts 10 ms ticks).
 * Node's threads (GC helpers, the libuv pool) live as long as the process, so none takes its time with it.
 */
export function cpuNanos(pid: number): number {
  let total = 0;
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended meanwhile
    }
  }
  return total;
}

/** The postmaster serving a data directory (its command line names it), or null. */
export function postmasterOf(dataDir: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmdline[0]?.endsWith('postgres') && cmdline.some((arg) => arg.startsWith(dataDir))) {
        const parent = stat(Number(name))?.ppid;
        // The postmaster is the one whose parent is not itself a postgres of that directory.
        const parentLine = parent ? readFileSync(`/proc/${parent}/cmdline`, 'utf8') : '';
        if (!parentLine.includes(dataDir)) return Number(name);
      }
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/**
 * A meter of CPU time over a group of processes whose members come and go (PostgreSQL forks a
 * backend per connection): it samples every `everyMs` and adds each process's growth since it was
 * last seen, so time of a process that lived between two samples is lost, at most one interval's.
 */
export class CpuMeter {
  private last = new Map<number, number>();
  private total = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly members: () => number[],
    private readonly everyMs = 250,
  ) {}

  private sample(): void {
    const seen = new Map<number, number>();
    for (const pid of this.members()) {
      const cpu = stat(pid)?.cpu;
      if (cpu === undefined) continue;
      // A process first seen now counts from zero only when it was born after the meter started.
      const before = this.last.get(pid) ?? (this.started ? 0 : cpu);
      this.total += Math.max(0, cpu - before);
      seen.set(pid, cpu);
    }
    this.last = seen;
  }

  private started = false;

  start(): this {
    this.sample();
    this.started = true;
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  /** CPU seconds used since start (or the last read). */
  read(reset = true): number {
    this.sample();
    const value = this.total;
    if (reset) this.total = 0;
    return value;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
