# syntax=docker/dockerfile:1.7
# The gateway: one GraphQL endpoint over the three tiers.
# Build from the repository root: docker build -f infra/docker/gateway.Dockerfile -t cso/gateway .
# The same steps run in tests/src/deploy/pruned-build.test.ts (no Docker engine on the CI machines).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Only what @cso/gateway needs: its own package, its workbench, the platform and the contracts (turbo prune).
FROM ${NODE_IMAGE} AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cso/gateway --docker --out-dir /out

# 2. Install (cached by the lockfile alone), build, then drop development dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=prune /out/json/ .
RUN npm ci --no-audit --no-fund
COPY --from=prune /out/full/ .
RUN npx turbo run build --filter=@cso/gateway && npm prune --omit=dev --no-audit --no-fund \
  && find node_modules/@cso -maxdepth 1 -type l ! -name platform ! -name contracts ! -name gateway -delete \
  && mkdir -p subgraphs/platform/node_modules schema/contracts/node_modules gateway/node_modules gateway/workbench/node_modules

# 3. The runtime: production dependencies and the built packages it runs, as a non-root user.
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production PORT=4000
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/subgraphs/platform/package.json ./subgraphs/platform/package.json
COPY --from=build --chown=node:node /app/subgraphs/platform/dist ./subgraphs/platform/dist
COPY --from=build --chown=node:node /app/subgraphs/platform/node_modules ./subgraphs/platform/node_modules
COPY --from=build --chown=node:node /app/schema/contracts/package.json ./schema/contracts/package.json
COPY --from=build --chown=node:node /app/schema/contracts/dist ./schema/contracts/dist
COPY --from=build --chown=node:node /app/schema/contracts/node_modules ./schema/contracts/node_modules
COPY --from=build --chown=node:node /app/gateway/package.json ./gateway/package.json
COPY --from=build --chown=node:node /app/gateway/dist ./gateway/dist
COPY --from=build --chown=node:node /app/gateway/node_modules ./gateway/node_modules
# The browser workbench (IDE and dashboard): static files built by Vite, served by the gateway itself.
COPY --from=build --chown=node:node /app/gateway/workbench/package.json ./gateway/workbench/package.json
COPY --from=build --chown=node:node /app/gateway/workbench/dist ./gateway/workbench/dist
COPY --from=build --chown=node:node /app/gateway/workbench/node_modules ./gateway/workbench/node_modules
# The committed supergraph is the default until a registry serves launches (SUPERGRAPH_PATH).
COPY --chown=node:node schema/supergraph.graphql ./schema/supergraph.graphql
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "gateway/dist/main.js"]
