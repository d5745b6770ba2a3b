import DataLoader from 'dataloader';

/**
 * The DataLoaders of one request, made on first use. A loader is keyed by name (and, for
 * paginated relations, by its arguments) so that every parent in a request shares one batch.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 1000 });
      this.loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }
}

/** Orders batch results by the keys that asked for them (a loader's contract). */
export function inKeyOrder<K, V>(keys: readonly K[], items: Iterable<V>, keyOf: (item: V) => K): (V | null)[] {
  const byKey = new Map<K, V>();
  for (const item of items) byKey.set(keyOf(item), item);
  return keys.map((k) => byKey.get(k) ?? null);
}

/** Groups batch results by key, in the order of the keys; a key with no items gets `[]`. */
export function groupedInKeyOrder<K, V>(keys: readonly K[], items: Iterable<V>, keyOf: (item: V) => K): V[][] {
  const groups = new Map<K, V[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return keys.map((k) => groups.get(k) ?? []);
}
