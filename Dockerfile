# Gongkai worker and web server. Build: docker build -t gongkai .
FROM node:24-bookworm-slim
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# The Temporal binaries are not needed in the image: compose runs a real Temporal server.
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3 @swc/core esbuild protobufjs
COPY . .
ENV NODE_ENV=production
EXPOSE 3000
CMD ["npx", "tsx", "client/http/main.ts"]
