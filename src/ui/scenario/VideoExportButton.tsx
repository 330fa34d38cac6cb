// "Export video": replays the open lesson from its seed and saves it as a WebM (src/ui/video).
import { useState } from 'react';
import type { ScenarioHost } from '../../scenario/host';
import type { Lang } from '../i18n';
import { exportLessonVideo, VideoUnsupportedError } from '../video/exportLesson';
import type { LessonPlayer } from './lessonPlayer';
import { say } from './strings';
import { downloadFile } from '../store/download';

type Status = { kind: 'idle' } | { kind: 'busy'; n: number; total: number } | { kind: 'done'; seconds: string } | { kind: 'error'; message: string };

export function VideoExportButton({ player, host, lang, disabled }: { player: LessonPlayer; host: ScenarioHost; lang: Lang; disabled: boolean }) {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const run = async () => {
    const s = player.state.scenario;
    if (!s) return;
    setStatus({ kind: 'busy', n: 0, total: s.steps.length + 2 });
    try {
      const v = await exportLessonVideo(player, {
        lang,
        members: () => host.members(),
        nowMs: () => host.nowMs(),
        clusterSvg: () => document.querySelector<SVGSVGElement>('.panel-cluster .cluster-svg'),
        onProgress: (n, total) => setStatus({ kind: 'busy', n, total }),
      });
      downloadFile(v.bytes as BlobPart, `etcdscope-${s.id}-${lang}.webm`, 'video/webm');
      setStatus({ kind: 'done', seconds: (v.durationMs / 1000).toFixed(1) });
    } catch (e) {
      setStatus({ kind: 'error', message: e instanceof VideoUnsupportedError ? say(lang, 'exportUnsupported') : e instanceof Error ? e.message : String(e) });
    }
  };
  const busy = status.kind === 'busy';
  return (
    <>
      <button type="button" data-testid="lesson-export" disabled={disabled || busy} onClick={() => void run()}>
        {busy ? say(lang, 'exporting', { n: status.n, total: status.total }) : say(lang, 'exportVideo')}
      </button>
      <span className="lesson-export-status" role="status" data-testid="lesson-export-status" data-state={status.kind}>
        {status.kind === 'done' && say(lang, 'exportDone', { seconds: status.seconds })}
        {status.kind === 'error' && <span className="lesson-error">{say(lang, 'exportFailed', { error: status.message })}</span>}
      </span>
    </>
  );
}
