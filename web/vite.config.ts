import { fileURLToPath } from "node:url";

import { defineConfig } from "vite";

// Served at /console/ by the local platform's HTTP gateway and by the stage's CloudFront distribution alike.
// The TypeScript client is used as source (clients/typescript/src, generated from the OpenAPI document); its one
// dependency, openapi-fetch, resolves from this package's node_modules (dedupe), so only `npm ci` here is needed.
export default defineConfig({
  base: "/console/",
  resolve: {
    alias: { "@design-agent/client": fileURLToPath(new URL("../clients/typescript/src/index.ts", import.meta.url)) },
    dedupe: ["openapi-fetch"],
  },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true },
  // `npm run dev`: hot reload at :5173, config.json (the API's URLs) from the running platform (`make dev`)
  server: { host: "127.0.0.1", port: 5173, strictPort: true,
    proxy: { "/console/config.json": process.env.DESIGN_AGENT_URL ?? "http://127.0.0.1:3000" } },
});
