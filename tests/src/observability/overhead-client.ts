import { parentPort } from 'node:worker_threads';

/**
 * The load of the overhead benchmark, in a worker thread of its own so that the main thread's CPU
 * time is the services' alone: on each message it sends `requests` requests one after another and
 * answers with how many carried GraphQL errors or a non-200 status.
 */
interface Job {
  url: string;
  body: string;
  headers: Record<string, string>;
  requests: number;
}

parentPort!.on('message', async (job: Job) => {
  let failures = 0;
  for (let i = 0; i < job.requests; i++) {
    const res = await fetch(job.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...job.headers },
      body: job.body,
    });
    const answer = (await res.json()) as { errors?: unknown[] };
    if (res.status !== 200 || answer.errors) failures++;
  }
  parentPort!.postMessage({ failures });
});
