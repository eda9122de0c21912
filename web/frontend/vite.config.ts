import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

// The admin UI, built into web/frontend/dist and served by the Express app (web/http/frontend.ts).
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  plugins: [react()],
  // The manifest lets `npm run bench` weigh each page's chunks (bench/suites/admin.ts).
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, manifest: true },
  logLevel: "warn",
});
