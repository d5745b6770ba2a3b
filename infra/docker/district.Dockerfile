# syntax=docker/dockerfile:1.7
# The district association's subgraph (区级协会).
# Build from the repository root: docker build -f infra/docker/district.Dockerfile -t cso/district .
# The same steps run in tests/src/deploy/pruned-build.test.ts (no Docker engine on the CI machines).
ARG NODE_IMAGE=node:24-bookworm-slim

# 1. Only what @cso/district needs: its own package, the platform and the contracts (turbo prune).
FROM ${NODE_IMAGE} AS prune
WORKDIR /repo
COPY . .
RUN npx --yes turbo@2.11.11 prune @cso/district --docker --out-dir /out

# 2. Install (cached by the lockfile alone), build, then drop development dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY --from=prune /out/json/ .
RUN npm ci --no-audit --no-fund
COPY --from=prune /out/full/ .
RUN npx turbo run build --filter=@cso/district && npm prune --omit=dev --no-audit --no-fund \
  && find node_modules/@cso -maxdepth 1 -type l ! -name platform ! -name contracts ! -name district -delete \
  && mkdir -p subgraphs/platform/node_modules schema/contracts/node_modules subgraphs/district/node_modules

# 3. The runtime: production dependencies and the built packages it runs, as a non-root user.
FROM ${NODE_IMAGE} AS run
ENV NODE_ENV=production PORT=4001
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/subgraphs/platform/package.json ./subgraphs/platform/package.json
COPY --from=build --chown=node:node /app/subgraphs/platform/dist ./subgraphs/platform/dist
COPY --from=build --chown=node:node /app/subgraphs/platform/node_modules ./subgraphs/platform/node_modules
COPY --from=build --chown=node:node /app/schema/contracts/package.json ./schema/contracts/package.json
COPY --from=build --chown=node:node /app/schema/contracts/dist ./schema/contracts/dist
COPY --from=build --chown=node:node /app/schema/contracts/node_modules ./schema/contracts/node_modules
COPY --from=build --chown=node:node /app/subgraphs/district/package.json ./subgraphs/district/package.json
COPY --from=build --chown=node:node /app/subgraphs/district/dist ./subgraphs/district/dist
COPY --from=build --chown=node:node /app/subgraphs/district/node_modules ./subgraphs/district/node_modules
USER node
EXPOSE 4001
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "subgraphs/district/dist/main.js"]
