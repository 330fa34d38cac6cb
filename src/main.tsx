// The page entry: start the cluster hub (recovering from IndexedDB), expose window.etcdscope, mount the UI.
import { createRoot } from 'react-dom/client';
import { Hub } from './platform/browser/hub';
import { automationApi } from './platform/browser/automation';
import { App } from './ui/App';

async function main(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const params = new URLSearchParams(location.search);
  const seedParam = params.get('seed');
  const seed = seedParam !== null && /^\d+$/.test(seedParam) ? Number(seedParam) : undefined;
  const hub = new Hub();
  try {
    await hub.start({ seed });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    root.render(
      <main className="fatal" role="alert">
        <h1>etcdscope could not start</h1>
        <p>{message}</p>
      </main>,
    );
    return;
  }
  window.etcdscope = automationApi(hub);
  root.render(<App controller={hub} />);
}

void main();
