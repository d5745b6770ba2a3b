import { z } from 'zod';

/** Request bodies of the registry's HTTP API, validated before anything is done with them. */
const eventRef = z.object({
  type: z.string().regex(/^[a-z][a-z0-9.-]{0,99}$/),
  version: z.number().int().min(1),
  checksum: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullish(),
});
export const eventsManifest = z.object({ produces: z.array(eventRef).max(500), consumes: z.array(eventRef).max(500) });

export const subgraphName = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'a subgraph name is lower-case letters, digits and dashes');

export const proposalBody = z.object({
  url: z.url({ protocol: /^https?$/ }),
  sdl: z.string().min(1).max(2_000_000),
  events: eventsManifest.default({ produces: [], consumes: [] }),
  label: z.string().max(200).nullish(),
  dryRun: z.boolean().optional(),
});

export const publishAllBody = z.object({
  subgraphs: z
    .array(proposalBody.extend({ name: subgraphName }))
    .min(1)
    .max(50),
});

export const operationsBody = z.object({
  operations: z
    .array(
      z.object({
        hash: z.string().regex(/^[0-9a-f]{64}$/),
        document: z.string().min(1).max(200_000),
        signature: z.string().max(200_000),
        name: z.string().max(500).nullable(),
        kind: z.string().max(20).nullable(),
        clientName: z.string().max(200),
        clientVersion: z.string().max(200),
        count: z.number().int().min(1),
        lastSeen: z.iso.datetime({ offset: true }),
      }),
    )
    .max(10_000),
});

export const manifestBody = z.object({
  client: z.string().min(1).max(200),
  version: z.string().min(1).max(200),
  documents: z.record(
    z.string().regex(/^[0-9a-f]{64}$/, 'a document is keyed by its sha256 (hex)'),
    z.string().min(1).max(200_000),
  ),
});
