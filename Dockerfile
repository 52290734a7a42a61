# The app server (src/server) for production: built with the dev tools, run with the runtime
# dependencies only, as an unprivileged user, embedded data in /data (or DATABASE_URL for PostgreSQL).
# The static site (dist/) is deployed separately, e.g. to a CDN; see docs/connections.md.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN node scripts/build-server.mjs

FROM node:20-bookworm-slim
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
