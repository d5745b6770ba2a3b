import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definition as community } from '@cso/community';
import { printContracts, sha256 } from '@cso/contracts/published';
import { definition as district } from '@cso/district';
import type { EventContract, SubgraphDefinition } from '@cso/platform';
import { definition as street } from '@cso/street';
import { REPO } from '../support/pruned.js';

/**
 * The events manifest each tier prints beside its SDL (`npm run sdl`: schema/subgraphs/<tier>.events.json)
 * is what the registry checks event contracts with: it must be current, naming every contract the
 * tier's definition produces and consumes with the checksum of its published JSON.
 */
const published = new Map(printContracts().map((f) => [f.path, sha256(f.json)]));
const refs = (contracts: EventContract<unknown>[]) =>
  [...new Set(contracts.map((c) => `${c.type}\u0000${c.version}`))]
    .map((key) => {
      const [type, version] = key.split('\u0000') as [string, string];
      return { type, version: Number(version), checksum: published.get(`events/${type}.v${version}.json`) ?? null };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.version - b.version);

describe.each([
  ['district', district],
  ['street', street],
  ['community', community],
] as [string, SubgraphDefinition][])('schema/subgraphs/%s.events.json', (tier, definition) => {
  it('is current (run `npm run compose` after a change of produces or consumers)', () => {
    const committed = JSON.parse(readFileSync(join(REPO, 'schema', 'subgraphs', `${tier}.events.json`), 'utf8')) as unknown;
    expect(committed).toEqual({
      service: tier,
      produces: refs(definition.produces ?? []),
      consumes: refs((definition.consumers ?? []).map((c) => c.contract)),
    });
  });

  it('names only published contract versions (each with its locked checksum)', () => {
    const manifest = JSON.parse(readFileSync(join(REPO, 'schema', 'subgraphs', `${tier}.events.json`), 'utf8')) as {
      produces: { checksum: string | null }[];
      consumes: { checksum: string | null }[];
    };
    expect([...manifest.produces, ...manifest.consumes].every((e) => typeof e.checksum === 'string')).toBe(true);
  });
});
