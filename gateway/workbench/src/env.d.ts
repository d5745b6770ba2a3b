/** The workbench's version, sent as `apollographql-client-version` (from package.json at build time). */
declare const __WORKBENCH_VERSION__: string;
