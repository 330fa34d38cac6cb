// DEV ONLY: mounts the real App on a ScriptedController. Not part of the product bundle.
// URL parameters: ?members=5&seed=1&ff=12000 (fast-forward virtual ms before showing)&scene=faults
//                 &paused=1&lang=zh-CN&projector=1&motion=reduced&select=4&keyOnly=1
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../App';
import { ScriptedController, type ScriptStep } from './ScriptedController';
import { setLang, prefsStore } from '../store/prefsStore';

const q = new URLSearchParams(location.search);
const scene = q.get('scene') ?? 'faults';

const puts = (from: number, n: number, every: number, prefix: string): ScriptStep[] =>
  Array.from({ length: n }, (_, i) => ({ atMs: from + i * every, do: (c) => c.runDetached(`put ${prefix}${i} value-${i}`) }));

const script: ScriptStep[] =
  scene === 'calm'
    ? puts(3500, 6, 700, 'k')
    : scene === 'busy'
      ? [...puts(3500, 70, 150, 'busy/'), { atMs: 9000, do: (c) => void c.kill(2) }]
      : [
        ...puts(3500, 5, 600, 'config/'),
        { atMs: 7200, do: (c) => void c.kill(c.leaderId() ?? 1) },
        ...puts(10500, 3, 500, 'after/'),
        { atMs: 12000, do: (c) => c.isolate(5) },
        ...puts(12400, 2, 300, 'minority/'),
      ];

const controller = new ScriptedController({
  members: Number(q.get('members') ?? 5),
  seed: Number(q.get('seed') ?? 20261125),
  speed: Number(q.get('speed') ?? 0.5),
  script,
});
const ff = Number(q.get('ff') ?? 0);
if (ff > 0) controller.advance(ff);
if (q.get('paused') === '1') controller.pause();
const lang = q.get('lang');
if (lang === 'zh-CN' || lang === 'en') setLang(lang);
if (q.get('projector') === '1') prefsStore.setState({ projector: true });
if (q.get('motion') === 'reduced') prefsStore.setState({ reducedMotion: true });
if (q.get('select')) prefsStore.setState({ selected: Number(q.get('select')) });
if (q.get('keyOnly') === '1') prefsStore.setState({ keyEventsOnly: true });
controller.start();
(window as unknown as { __preview: ScriptedController }).__preview = controller;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App controller={controller} />
  </StrictMode>,
);
