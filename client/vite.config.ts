import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// In development the API and the sync websocket live on the Gebiedsbord server; Vite proxies them
// so that the client uses the same relative URLs as in production (where the server serves dist/).
const server = globalThis.process?.env.GEBIEDSBORD_SERVER ?? 'http://localhost:8080'

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/api': server,
      '/sync': { target: server, ws: true },
    },
  },
})
