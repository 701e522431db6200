// Builds the single-page app into web/dist; the api serves it (api/src/routes/web.ts).
// `npm run dev -w @bsod/web` proxies /api to a running api (BSOD_API, default :8080).
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 700 },
  server: {
    proxy: { "/api": { target: process.env.BSOD_API ?? "http://127.0.0.1:8080", changeOrigin: false } },
  },
});
