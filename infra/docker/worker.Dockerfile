# A grading worker: Node and the worker code. It talks to the Docker engine through the
# socket mounted by the deployment.
ARG BASE=node:20-bookworm-slim
FROM ${BASE}
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages packages
COPY worker worker
COPY api/package.json api/package.json
COPY web/package.json web/package.json
COPY challenges/package.json challenges/package.json
COPY bench/package.json bench/package.json
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
# Unprivileged; the deployment adds the group that owns the Docker socket (DOCKER_GID).
RUN useradd --system --uid 10002 --no-create-home --shell /usr/sbin/nologin bsod
USER bsod
# Healthy while Redis and the Docker engine both answer.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
  CMD ["node", "--import", "tsx", "worker/src/healthcheck.ts"]
CMD ["node", "--import", "tsx", "worker/src/main.ts"]
