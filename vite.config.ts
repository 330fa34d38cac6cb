import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation gives workers and the page high-resolution timers (performance.now at 5 µs),
// which the latency figures in the UI and the benchmark rely on.
// Cross-Origin-Resource-Policy: cross-origin lets a documentation site that is itself cross-origin
// isolated frame embed.html (docs/embedding.md); COOP is ignored inside a frame.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

export default defineConfig({
  base: './',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    outDir: 'dist',
    sourcemap: true,
    rollupOptions: { input: { main: 'index.html', embed: 'embed.html' } },
  },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
