import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';

/** One subgraph as composition sees it: a name, a routing URL and its SDL. Never its code. */
export interface SubgraphSdl {
  name: string;
  url: string;
  sdl: string;
}

export type CompositionOutcome =
  { ok: true; supergraphSdl: string; apiSchema: string; hints: string[] } | { ok: false; errors: string[]; hints: string[] };

/**
 * Composes subgraph SDLs with Apollo's composition library: the supergraph (what gateways load) and
 * its API schema (what clients see: the schema that changes are classified and operations validated
 * against), or the composition errors exactly as the library words them.
 */
export function compose(subgraphs: SubgraphSdl[]): CompositionOutcome {
  const parsed: { name: string; url: string; typeDefs: ReturnType<typeof parse> }[] = [];
  const errors: string[] = [];
  for (const { name, url, sdl } of subgraphs) {
    try {
      parsed.push({ name, url, typeDefs: parse(sdl) });
    } catch (error) {
      errors.push(`[${name}] the SDL does not parse: ${(error as Error).message}`);
    }
  }
  if (errors.length) return { ok: false, errors, hints: [] };
  const result = composeServices(parsed);
  const hints = (result.hints ?? []).map((h) => h.toString());
  if (result.errors?.length) return { ok: false, errors: result.errors.map((e) => e.message), hints };
  return {
    ok: true,
    supergraphSdl: `${(result.supergraphSdl ?? '').trim()}\n`,
    apiSchema: `${printSchema(result.schema!.toAPISchema().toGraphQLJSSchema()).trim()}\n`,
    hints,
  };
}
