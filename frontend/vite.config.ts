import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Paths served by the Rust server; during `npm run dev` they are forwarded to it.
const backendPaths = ["/api", "/healthz", "/readyz", "/api-docs", "/swagger-ui", "/webhooks"];
const backendUrl = process.env.WINMESSAGES_BACKEND_URL ?? "http://127.0.0.1:8080";

const proxy = Object.fromEntries(backendPaths.map((path) => [path, { target: backendUrl }]));

export default defineConfig({
  base: "/",
  plugins: [react()],
  resolve: {
    alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) },
  },
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy,
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    proxy,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The entry chunk (React, Router, Query, the login and inbox pages) is ~510 KB raw;
    // the budget that matters is gzip, checked by `npm run size` (200 KB).
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/testing/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
