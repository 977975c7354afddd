# syntax=docker/dockerfile:1
# Rolecall: Next.js standalone server on Node 24 LTS. Both stages use the same Debian
# bookworm (glibc) base, so anything native built in the first runs in the second.

FROM node:24-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 \
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build \
 && node scripts/gate-standalone.mjs .next/standalone \
 && rm -rf .next/standalone/.next/cache

FROM node:24-bookworm-slim AS run
WORKDIR /app
# MALLOC_*: glibc's allocator gives the memory of a large load back (MALLOC_ENV of the
# start script says why; keep the two the same).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    HOME=/tmp \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072 \
    MALLOC_TRIM_THRESHOLD_=131072
# Only the traced server, its production node_modules, the static assets and public/.
# Files stay owned by root and read-only for the runtime user.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
# Next keeps its runtime cache (image optimizer, fetch cache) under .next/cache. Every page is
# rendered per request (CSP nonces), so nothing is written there in practice; should anything
# be, the root filesystem is read-only in the pod, so the path points at the /tmp emptyDir
# (at /tmp itself: a dangling link to a subfolder would make Next's mkdir -p fail).
RUN ln -s /tmp .next/cache
USER 10001:10001
EXPOSE 3000
CMD ["node", "server.js"]
