// The explorer (index.html) and GraphiQL (graphiql.html), built into dist/ and served by the
// API at / and /graphql (app/web.py). Everything comes from npm: nothing loads from a CDN.
import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        explorer: resolve(import.meta.dirname, "index.html"),
        graphiql: resolve(import.meta.dirname, "graphiql.html"),
      },
    },
  },
  // `npm run dev` serves on 5173 and talks to the API on 8000 (CORS allows it in development).
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  test: { include: ["src/**/*.test.ts", "scripts/**/*.test.ts"], environment: "node" },
});
