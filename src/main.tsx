// The page entry: start the cluster hub (recovering from IndexedDB), expose window.etcdscope, mount the UI.
// The UI chunk is fetched in parallel with the workers' start-up (page load → first leader).
import { Hub } from './platform/browser/hub';
import { automationApi } from './platform/browser/automation';

async function main(): Promise<void> {
  const ui = import('./ui/boot');
  const params = new URLSearchParams(location.search);
  const seedParam = params.get('seed');
  const seed = seedParam !== null && /^\d+$/.test(seedParam) ? Number(seedParam) : undefined;
  const hub = new Hub();
  try {
    await hub.start({ seed });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    (await ui).mountFatal(message);
    return;
  }
  window.etcdscope = automationApi(hub);
  (await ui).mountApp(hub);
}

void main();
