# The app server (src/server) for production: built with the dev tools, run with the runtime
# dependencies only, as an unprivileged user, embedded data in /data (or DATABASE_URL for PostgreSQL).
# The static site (dist/) is deployed separately, e.g. to a CDN; see docs/connections.md.
#
# Node 24 LTS: security fixes until April 2028 (Node 22's end in April 2027, Node 20's ended in April
# 2026); the code also runs on Node 20.19+, for development machines. Debian 13 (trixie), the release
# with Debian's regular security support. Pin the base by digest for a reproducible build; refresh it
# when Node or Debian ship fixes:
#   docker buildx imagetools inspect node:24-trixie-slim --format '{{json .Manifest.Digest}}'
#   docker build --build-arg NODE_IMAGE=node:24-trixie-slim@sha256:<that digest> .
# (docs/connections.md#container). Without the argument the build uses the tag as it is today.
ARG NODE_IMAGE=node:24-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-server.mjs

FROM ${NODE_IMAGE}
ENV NODE_ENV=production PORT=8787 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist-server ./dist-server
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 8787
HEALTHCHECK CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# SIGTERM from `docker stop` finishes the requests in flight, then exits.
CMD ["node", "dist-server/main.js"]
