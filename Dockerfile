# The bot as one image. Point DATABASE_URL at PostgreSQL (docker-compose.yml does) or mount /data
# for the embedded database.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/data
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY domain ./domain
COPY src ./src
COPY adapters ./adapters
COPY jobs ./jobs
COPY manifests ./manifests
COPY scripts ./scripts
# Bundle our TypeScript once at build time; the image's user cannot (and need not) write it later.
RUN node scripts/start.mjs --bundle-only
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s CMD node -e "fetch('http://127.0.0.1:3000/readyz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
CMD ["node", "scripts/start.mjs"]
