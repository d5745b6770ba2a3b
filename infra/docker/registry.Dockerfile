# syntax=docker/dockerfile:1.7
# The schema registry: published SDL, routing URLs, launches, operations in use, trusted documents.
# Build from the repository root: docker build -f infra/docker/registry.Dockerfile -t cso/registry .
# The same steps run in tests/src/deploy/registry.test.ts (no Docker engine on the CI machines).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Only what @cso/registry needs: its own package and the platform (turbo prune); no tier, no contract.
FROM ${NODE_IMAGE} AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cso/registry --docker --out-dir /out

# 2. Install (cached by the lockfile alone), build, then drop development dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=prune /out/json/ .
RUN npm ci --no-audit --no-fund
COPY --from=prune /out/full/ .
RUN npx turbo run build --filter=@cso/registry && npm prune --omit=dev --no-audit --no-fund \
  && find node_modules/@cso -maxdepth 1 -type l ! -name platform ! -name registry -delete \
  && mkdir -p subgraphs/platform/node_modules schema/registry/node_modules

# 3. The runtime: production dependencies and the built packages it runs, as a non-root user.
#    `node schema/registry/dist/migrate.js` is the release Job; `dist/cli.js` is `npm run schema` (mount the SDL files).
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production PORT=4010
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/subgraphs/platform/package.json ./subgraphs/platform/package.json
COPY --from=build --chown=node:node /app/subgraphs/platform/dist ./subgraphs/platform/dist
COPY --from=build --chown=node:node /app/subgraphs/platform/node_modules ./subgraphs/platform/node_modules
COPY --from=build --chown=node:node /app/schema/registry/package.json ./schema/registry/package.json
COPY --from=build --chown=node:node /app/schema/registry/dist ./schema/registry/dist
COPY --from=build --chown=node:node /app/schema/registry/node_modules ./schema/registry/node_modules
USER node
EXPOSE 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "schema/registry/dist/main.js"]
