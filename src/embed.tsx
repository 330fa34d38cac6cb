// The embed widget's entry (embed.html): a lesson with its own cluster, driven by the lesson's
// controls and by the embedding page through postMessage (src/ui/embed/bridge.ts,
// docs/embedding.md). URL: ?scenario=ID&lang=en|zh-CN&panels=cluster,log&autoplay=1
//   &step=N (start at step N) &speed=X (virtual time per real time) &dwell=MS (autoplay reading
//   time per step) &origin=https://docs.example.com (the only pages allowed to drive it).
import { createRoot } from 'react-dom/client';
import { Hub } from './platform/browser/hub';
import { automationApi } from './platform/browser/automation';
import { ClusterInUseError } from './platform/browser/clusterConfig';
import { HubScenarioHost } from './platform/browser/scenarioHost';
import { scenarioById, SCENARIOS } from './scenario/library';
import type { PanelId } from './scenario/types';
import { EmbedApp } from './ui/embed/EmbedApp';
import { EmbedBridge } from './ui/embed/bridge';
import { EMBED_PROTOCOL_VERSION, parseAllowedOrigins } from './ui/embed/protocol';
import { say } from './ui/scenario/strings';
import { isLang } from './ui/i18n';
import { LessonPlayer, defaultDwellMs } from './ui/scenario/lessonPlayer';
import { parsePanels } from './ui/scenario/panelViews';
import { prefsStore } from './ui/store/prefsStore';

/** Each widget on a page takes the first free cluster slot, so several can run side by side. */
const MAX_SLOTS = 16;

async function startHub(seed: number, members: number): Promise<Hub> {
  for (let slot = 0; slot < MAX_SLOTS; slot++) {
    const hub = new Hub({ namespace: `embed-${slot}` });
    try {
      await hub.start({ seed, members });
      return hub;
    } catch (e) {
      if (!(e instanceof ClusterInUseError)) throw e;
    }
  }
  throw new Error(`more than ${MAX_SLOTS} etcdscope widgets are open in this browser`);
}

async function main(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const params = new URLSearchParams(location.search);
  // The widget's language is the page's choice (not remembered: it must not change the full page's).
  const langParam = params.get('lang');
  if (isLang(langParam)) prefsStore.setState({ lang: langParam });
  const id = params.get('scenario') ?? SCENARIOS[0]!.id;
  const scenario = scenarioById(id);
  const fatal = (message: string) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>etcdscope</h1>
        <p>{message}</p>
      </main>,
    );
  if (!scenario) return fatal(`Unknown scenario ${JSON.stringify(id)}. Known: ${SCENARIOS.map((s) => s.id).join(', ')}`);

  const allowed = parseAllowedOrigins(params.get('origin'));
  const inFrame = window.parent !== window;
  let hub: Hub;
  try {
    hub = await startHub(scenario.seed, scenario.members);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const denied = e instanceof DOMException || /denied|SecurityError/i.test(message);
    // A browser that blocks third-party storage gives a cross-site frame no IndexedDB, Web Locks or
    // localStorage: say so, offer the lesson in its own tab, and tell the parent (no data but the reason).
    if (inFrame) {
      const msg = { etcdscope: EMBED_PROTOCOL_VERSION, type: 'error', code: denied ? 'storage-denied' : 'start-failed', message };
      for (const t of allowed.length ? allowed : ['*']) window.parent.postMessage(msg, t);
    }
    const url = new URL('./index.html', location.href);
    url.searchParams.set('scenario', scenario.id);
    url.searchParams.set('lang', prefsStore.getState().lang);
    root.render(
      <main className="fatal embed-fatal" role="alert" data-testid="embed-error" data-code={denied && inFrame ? 'storage-denied' : 'start-failed'}>
        <h1>etcdscope</h1>
        <p>{denied && inFrame ? say(prefsStore.getState().lang, 'storageDenied') : `etcdscope could not start: ${message}`}</p>
        <p>
          <a href={url.toString()} target="_blank" rel="noopener">
            {say(prefsStore.getState().lang, 'openFull')} ↗
          </a>
        </p>
      </main>,
    );
    return;
  }
  window.etcdscope = automationApi(hub);
  const speed = Number(params.get('speed') ?? '');
  if (Number.isFinite(speed) && speed > 0) hub.setSpeed(speed);
  const dwell = Number(params.get('dwell') ?? '');
  const host = new HubScenarioHost(hub);
  const player = new LessonPlayer(host, { dwellMs: Number.isFinite(dwell) && dwell >= 0 && params.has('dwell') ? () => dwell : defaultDwellMs }, 'starting');
  const fallback: PanelId[] = ['cluster', 'log'];
  const { panels, unknown } = parsePanels(params.get('panels'), fallback);
  const notes = unknown.length ? [`unknown panels ignored: ${unknown.join(', ')}`] : [];
  const bridge = new EmbedBridge({
    player,
    controller: hub,
    parent: inFrame ? window.parent : null,
    allowed,
    lang: () => prefsStore.getState().lang,
    setLang: (lang) => prefsStore.setState({ lang }),
    panels,
    self: window,
    // Between steps a lesson holds the clock, and a request needs it running to be answered: let it
    // run for the command, then hold it again (unless a step started meanwhile and owns the clock).
    run: async (line, stdin) => {
      const held = hub.snapshot().paused;
      if (held) hub.resume();
      try {
        return await hub.run(line, stdin);
      } finally {
        if (held && !player.busy && player.state.phase !== 'free') hub.pause();
      }
    },
  });
  bridge.start();
  const fullPageUrl = (step: number) => {
    const u = new URL('./index.html', location.href);
    u.searchParams.set('scenario', scenario.id);
    if (step > 0) u.searchParams.set('step', String(step));
    u.searchParams.set('lang', prefsStore.getState().lang);
    return u.toString();
  };
  root.render(<EmbedApp controller={hub} player={player} panels={panels} fullPageUrl={fullPageUrl} notes={notes} />);
  const stepParam = Number(params.get('step') ?? '');
  await player.open(scenario, Number.isInteger(stepParam) && stepParam > 0 ? stepParam : undefined);
  if (params.get('autoplay') === '1') player.play();
}

void main();
