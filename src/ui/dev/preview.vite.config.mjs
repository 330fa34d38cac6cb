// DEV ONLY: a production build of the scripted preview, to measure frame times without React's
// development overhead.  npx vite build --config src/ui/dev/preview.vite.config.mjs
//                        npx vite preview --config src/ui/dev/preview.vite.config.mjs --port 5181
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '/tmp/es-preview-dist',
    emptyOutDir: true,
    rollupOptions: { input: { preview: fileURLToPath(new URL('./preview.html', import.meta.url)) } },
  },
  preview: { port: 5181, strictPort: true },
});
