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
CMD ["node", "--import", "tsx", "worker/src/main.ts"]
