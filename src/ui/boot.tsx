// Mounting the UI, in its own chunk: main.tsx imports it dynamically so that the page starts the
// members' workers while this (React and every panel) is still being fetched and parsed.
import { createRoot, type Root } from 'react-dom/client';
import type { ClusterController } from '../protocol/controller';
import { App } from './App';

let root: Root | null = null;
const getRoot = () => (root ??= createRoot(document.getElementById('root')!));

export function mountApp(controller: ClusterController): void {
  getRoot().render(<App controller={controller} />);
}

export function mountFatal(message: string): void {
  getRoot().render(
    <main className="fatal" role="alert">
      <h1>etcdscope could not start</h1>
      <p>{message}</p>
    </main>,
  );
}
