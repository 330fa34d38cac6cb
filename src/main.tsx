// The page entry: start the cluster hub (recovering from IndexedDB), expose window.etcdscope, mount the UI.
import { createRoot } from 'react-dom/client';
import { Hub } from './platform/browser/hub';
import { automationApi } from './platform/browser/automation';
import { Recorder } from './platform/browser/recorder';
import { App } from './ui/App';
import { HubScenarioHost } from './platform/browser/scenarioHost';
import { setLang } from './ui/store/prefsStore';

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
  // Every action the UI or window.etcdscope takes goes through the recorder's view of the hub.
  const recorder = new Recorder(hub);
  const controller = recorder.controller;
  window.etcdscope = automationApi(controller, recorder);
  // `?lang=zh-CN` (embeds, shared lesson links) overrides the remembered language.
  const langParam = params.get('lang');
  if (langParam === 'en' || langParam === 'zh-CN') setLang(langParam);
  const stepParam = Number(params.get('step') ?? '');
  root.render(
    <App
      controller={controller}
      lessons={{ host: new HubScenarioHost(hub), initialScenario: params.get('scenario') ?? undefined, initialStep: Number.isInteger(stepParam) && stepParam > 0 ? stepParam : undefined, initialPresent: params.get('present') === '1' }}
    />,
  );
}

void main();
