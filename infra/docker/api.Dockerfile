# The api: Node, git (for git http-backend), the bundled tracks and the built web app.
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
# The web app the api serves (web/dist: hashed, compressed on first request, cached by name).
RUN NODE_ENV=production npm run build -w @bsod/web
ENV NODE_ENV=production
# Runs as an unprivileged user that owns only its data dir (a named volume mounted at /data
# takes this ownership when it is first created).
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin bsod \
 && mkdir -p /data && chown bsod:bsod /data
USER bsod
EXPOSE 8080
# Ready: the database answers a query and Redis a PING (GET /readyz).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--import", "tsx", "api/src/main.ts"]
