// Connects a LessonPlayer and the cluster to the page that embeds the widget: commands in through
// `message` events (only from the parent window, and only from an allowed or bound origin), events
// out with postMessage to that origin alone. See docs/embedding.md.
import type { ClusterController, CommandResult } from '../../protocol/controller';
import type { ClusterEvent } from '../../protocol/view';
import { createT, type Lang } from '../i18n';
import { describeEvent } from '../i18n/events';
import type { LessonEvent, LessonPlayer } from '../scenario/lessonPlayer';
import { EMBED_PROTOCOL_VERSION, originAllowed, parseCommand, type EmbedCommand, type EmbedEvent } from './protocol';

export interface BridgeOptions {
  player: LessonPlayer;
  controller: ClusterController;
  /** The window that embeds us (window.parent); null when the widget is opened on its own. */
  parent: Window | null;
  /** From `origin=`: the only origins obeyed and written to. Empty: bind to the first `hello`. */
  allowed: string[];
  lang: () => Lang;
  setLang: (l: Lang) => void;
  panels: string[];
  /** The window the widget listens on. */
  self: Window;
  /** An etcdctl line on the widget's cluster (the embed lets the held lesson clock run for it). */
  run: (line: string, stdin?: string) => Promise<CommandResult>;
}

/** Cluster events worth narrating to the parent (client requests are the parent's own doing). */
const NARRATED = new Set<ClusterEvent['kind']>(['became-leader', 'became-candidate', 'became-pre-candidate', 'crashed', 'restarted', 'isolated', 'rejoined', 'healed', 'reset']);

export class EmbedBridge {
  private bound: string | null = null;
  private readonly offs: Array<() => void> = [];
  /** Events before the parent's hello, so a late listener still learns how far the lesson is. */
  private readonly early: EmbedEvent[] = [];

  constructor(private readonly o: BridgeOptions) {}

  start(): void {
    const onMessage = (e: MessageEvent) => void this.onMessage(e);
    this.o.self.addEventListener('message', onMessage);
    this.offs.push(() => this.o.self.removeEventListener('message', onMessage));
    this.offs.push(this.o.player.on((e) => this.onLesson(e)));
    this.offs.push(this.o.controller.subscribe(() => {}, (evs) => this.onCluster(evs)));
  }

  stop(): void {
    for (const off of this.offs.splice(0)) off();
  }

  private targets(): string[] {
    if (this.o.allowed.length) return this.o.allowed;
    return this.bound ? [this.bound] : [];
  }

  /** `ready` carries nothing the widget's own URL does not say, so before a hello it may go to any origin. */
  private post(ev: EmbedEvent): void {
    const parent = this.o.parent;
    if (!parent) return;
    const msg = { etcdscope: EMBED_PROTOCOL_VERSION, ...ev };
    const targets = this.targets();
    if (targets.length === 0) {
      if (ev.type === 'ready') parent.postMessage(msg, '*');
      else if (ev.type !== 'result') this.early.push(ev);
      if (this.early.length > 200) this.early.shift();
      return;
    }
    for (const t of targets) parent.postMessage(msg, t);
  }

  readyEvent(): EmbedEvent {
    const st = this.o.player.state;
    const s = st.scenario;
    return {
      type: 'ready',
      protocol: EMBED_PROTOCOL_VERSION,
      scenario: s?.id ?? '',
      title: s?.title[this.o.lang()] ?? '',
      steps: s?.steps.length ?? 0,
      step: st.position + 1,
      lang: this.o.lang(),
      panels: this.o.panels,
    };
  }

  private onLesson(e: LessonEvent): void {
    const s = this.o.player.state.scenario;
    const lang = this.o.lang();
    switch (e.type) {
      case 'ready':
        this.post(this.readyEvent());
        return;
      case 'stepStarted':
        this.post({ type: 'stepStarted', step: e.index + 1, stepId: e.stepId, title: s?.steps[e.index]?.title[lang] ?? e.stepId });
        return;
      case 'stepFinished': {
        const o = e.outcome;
        this.post({
          type: 'stepFinished',
          step: o.index + 1,
          stepId: o.step.id,
          title: o.step.title[lang],
          ok: o.ok,
          checks: o.checks.map((c) => ({ ok: c.ok, detail: c.detail })),
          ...(o.error ? { error: o.error } : {}),
          virtualMs: o.atMs,
        });
        return;
      }
      case 'done':
        this.post({ type: 'done', scenario: e.scenario, ok: e.ok });
        return;
      case 'playing':
        this.post({ type: 'playing', playing: e.playing });
        return;
      case 'error':
        this.post({ type: 'error', message: e.message });
        return;
      case 'opened':
        return;
    }
  }

  private onCluster(evs: ClusterEvent[]): void {
    const t = createT(this.o.lang());
    const names = new Map<number, string>();
    for (const ev of evs) {
      if (!NARRATED.has(ev.kind)) continue;
      this.post({ type: 'narration', text: describeEvent(ev, names, t), kind: ev.kind, virtualMs: ev.tMs });
    }
  }

  private async onMessage(e: MessageEvent): Promise<void> {
    // Only the page that embeds us: not other frames, not windows we opened, not ourselves.
    if (!this.o.parent || e.source !== this.o.parent) return;
    const parsed = parseCommand(e.data);
    if (parsed.kind === 'foreign') return;
    if (!originAllowed(e.origin, this.o.allowed, this.bound)) return;
    const reply = (r: { ok: boolean; result?: unknown; error?: string }) => {
      if (parsed.id !== undefined) this.post({ type: 'result', id: parsed.id, ...r });
    };
    if (parsed.kind === 'bad') return reply({ ok: false, error: parsed.error });
    const cmd = parsed.command;
    if (cmd.type === 'hello' && this.o.allowed.length === 0 && this.bound === null) {
      this.bound = e.origin;
      for (const ev of this.early.splice(0)) this.post(ev);
    }
    try {
      reply({ ok: true, result: await this.execute(cmd) });
    } catch (err) {
      reply({ ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private async execute(cmd: EmbedCommand): Promise<unknown> {
    const p = this.o.player;
    switch (cmd.type) {
      case 'hello':
        return this.readyEvent();
      case 'play':
        p.play();
        return { playing: p.state.playing };
      case 'pause':
        p.pause();
        return { playing: p.state.playing };
      case 'next':
        await p.next();
        return this.position();
      case 'back':
        await p.back();
        return this.position();
      case 'restart':
        await p.restart();
        return this.position();
      case 'goto':
        await p.goto(cmd.step - 1);
        return this.position();
      case 'run': {
        const r: CommandResult = await this.o.run(cmd.line, cmd.stdin);
        return r;
      }
      case 'setLang':
        this.o.setLang(cmd.lang);
        return { lang: cmd.lang };
    }
  }

  private position(): { step: number; ok: boolean | null } {
    const st = this.o.player.state;
    if (st.error) throw new Error(st.error);
    return { step: st.position + 1, ok: st.outcome ? st.outcome.ok : null };
  }
}
