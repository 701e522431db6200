# The api: Node, git (for git http-backend) and the bundled tracks.
ARG BASE=node:20-bookworm-slim
FROM ${BASE}
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages packages
COPY api api
COPY worker/package.json worker/package.json
COPY web web
COPY challenges challenges
COPY bench/package.json bench/package.json
RUN npm ci --no-audit --no-fund
ENV NODE_ENV=production
EXPOSE 8080
CMD ["node", "--import", "tsx", "api/src/main.ts"]
