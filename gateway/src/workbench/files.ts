import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** The built workbench (@cso/workbench's dist): its two pages and its assets folder (paths). */
export interface WorkbenchFiles {
  assets: string;
  ide: string;
  dashboard: string;
}

/** Where the workbench package is: through its package link, else beside the gateway's own files (gateway/workbench). */
function workbenchRoot(): string {
  try {
    return dirname(require.resolve('@cso/workbench/package.json'));
  } catch {
    // `npm prune --omit=dev` (the image's build step) may drop the link of a workspace that has no
    // dependencies of its own; its files are still where the image copies them.
    return fileURLToPath(new URL('../../workbench/', import.meta.url));
  }
}

/** Finds the workbench's built files (the gateway's image copies them): null when they were not built. */
export function workbenchFiles(): WorkbenchFiles | null {
  const dist = join(workbenchRoot(), 'dist');
  const ide = join(dist, 'ide.html');
  const dashboard = join(dist, 'dashboard.html');
  if (!existsSync(ide) || !existsSync(dashboard)) return null;
  return { assets: join(dist, 'assets'), ide, dashboard };
}

/** Served instead of a page when the workbench was not built: the gateway itself still answers GraphQL. */
export const NOT_BUILT_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>Workbench not built</title>
<body><h1>工作台未构建 The workbench is not built</h1><p>Run <code>npm run build</code> (it builds @cso/workbench) and restart the gateway.
GraphQL requests to this endpoint (POST /graphql) are answered as usual.</p></body></html>`;
