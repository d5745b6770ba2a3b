import { readFileSync, watch, type FSWatcher } from 'node:fs';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@cso/platform';

/**
 * Loads the supergraph from a file and, when asked, watches it: a new file is swapped in without a
 * restart; one that fails to load is logged and the last good supergraph stays in service.
 */
export function supergraphFromFile(path: string, watchFile: boolean, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    let current = readFileSync(path, 'utf8');
    let watcher: FSWatcher | undefined;
    let timer: NodeJS.Timeout | undefined;
    if (watchFile) {
      watcher = watch(path, () => {
        clearTimeout(timer);
        // Editors and `npm run compose` write in steps; wait for the file to settle.
        timer = setTimeout(() => {
          try {
            const next = readFileSync(path, 'utf8');
            if (next === current) return;
            update(next);
            current = next;
            log.info({ path }, 'supergraph reloaded');
          } catch (error) {
            log.error({ err: error, path }, 'new supergraph rejected; keeping the last good one');
          }
        }, 200);
      });
    }
    return {
      supergraphSdl: current,
      cleanup: async () => {
        clearTimeout(timer);
        watcher?.close();
      },
    };
  };
}
