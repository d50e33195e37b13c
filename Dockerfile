# Production image: docker compose up (see docker-compose.yml), or build and run it yourself.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD node -e "fetch('http://127.0.0.1:3000/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
# `npm run serve` (package.json), run by node itself so it gets the signals.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=512", "server.mjs"]
