// The lesson dock's own strings, in both languages (kept beside the dock rather than in the shared
// dictionaries: scenario text is data that travels with the scenarios).
import type { Lang } from '../i18n';

const S = {
  lessons: { en: 'Lessons', 'zh-CN': '课程' },
  openLessons: { en: 'Open the lessons', 'zh-CN': '打开课程列表' },
  closeLessons: { en: 'Close the lessons', 'zh-CN': '关闭课程列表' },
  start: { en: 'Start', 'zh-CN': '开始' },
  next: { en: 'Next', 'zh-CN': '下一步' },
  back: { en: 'Back', 'zh-CN': '上一步' },
  restart: { en: 'Restart', 'zh-CN': '重新开始' },
  tryIt: { en: 'Try it yourself', 'zh-CN': '自己动手试试' },
  tryItHint: { en: 'The script has let go: the cluster is yours. Use the console and the controls.', 'zh-CN': '脚本已退出：集群交给你了。可以使用控制台和各种控件。' },
  step: { en: 'Step {n} of {total}', 'zh-CN': '第 {n} 步，共 {total} 步' },
  jump: { en: 'Jump to step', 'zh-CN': '跳到步骤' },
  intro: { en: 'Introduction', 'zh-CN': '简介' },
  running: { en: 'Running…', 'zh-CN': '运行中…' },
  starting: { en: 'Starting a fresh cluster from seed {seed}…', 'zh-CN': '正在用种子 {seed} 启动新集群…' },
  checkpoints: { en: 'Checkpoints', 'zh-CN': '检查点' },
  passed: { en: 'holds', 'zh-CN': '成立' },
  failed: { en: 'does not hold', 'zh-CN': '不成立' },
  look: { en: 'Look at', 'zh-CN': '请看' },
  finished: { en: 'Lesson complete.', 'zh-CN': '课程完成。' },
  stepFailed: { en: 'This step did not turn out as the lesson expects.', 'zh-CN': '这一步的结果与课程预期不符。' },
  index: { en: 'Lesson index', 'zh-CN': '课程目录' },
  exit: { en: 'Leave the lesson', 'zh-CN': '退出课程' },
  play: { en: 'Play', 'zh-CN': '自动播放' },
  pause: { en: 'Pause', 'zh-CN': '暂停' },
  collapse: { en: 'Fold the lesson down to one line', 'zh-CN': '将课程收起为一行' },
  expand: { en: 'Unfold the lesson', 'zh-CN': '展开课程' },
  present: { en: 'Presenter mode', 'zh-CN': '演示模式' },
  presentExit: { en: 'Leave presenter mode (Esc)', 'zh-CN': '退出演示模式（Esc）' },
  presentKeys: { en: '→ / Space next · ← back · Home start · End last step · Esc leave', 'zh-CN': '→ / 空格 下一步 · ← 上一步 · Home 开头 · End 最后一步 · Esc 退出' },
  exportVideo: { en: 'Export video', 'zh-CN': '导出视频' },
  exporting: { en: 'Recording {n}/{total}…', 'zh-CN': '正在录制 {n}/{total}…' },
  exportDone: { en: 'Video saved ({seconds} s)', 'zh-CN': '视频已保存（{seconds} 秒）' },
  exportFailed: { en: 'Video export failed: {error}', 'zh-CN': '视频导出失败：{error}' },
  exportUnsupported: { en: 'This browser cannot encode video (no WebCodecs VP8 encoder).', 'zh-CN': '此浏览器无法编码视频（没有 WebCodecs VP8 编码器）。' },
  shareLink: { en: 'Copy link to this step', 'zh-CN': '复制本步骤的链接' },
  linkCopied: { en: 'Link copied', 'zh-CN': '链接已复制' },
  storageDenied: {
    en: 'This browser gives the lesson no storage here: it blocks storage in frames from another site, and the cluster keeps its write-ahead log in IndexedDB. Open the lesson in its own tab instead.',
    'zh-CN': '浏览器在此处不给课程提供存储：它阻止来自其他站点的框架使用存储，而集群需要把预写日志保存在 IndexedDB 中。请在单独的标签页中打开课程。',
  },
  openFull: { en: 'Open this lesson in etcdscope', 'zh-CN': '在 etcdscope 中打开本课程' },
  checkpointsHeld: { en: '{n} checkpoints hold', 'zh-CN': '{n} 个检查点成立' },
} satisfies Record<string, Record<Lang, string>>;

export type StringKey = keyof typeof S;

export function say(lang: Lang, key: StringKey, params: Record<string, string | number> = {}): string {
  return S[key][lang].replace(/\{(\w+)\}/g, (w, k: string) => (k in params ? String(params[k]) : w));
}

export const PANEL_NAMES: Record<string, Record<Lang, string>> = {
  cluster: { en: 'Cluster', 'zh-CN': '集群' },
  log: { en: 'Raft log', 'zh-CN': 'Raft 日志' },
  events: { en: 'Events', 'zh-CN': '事件' },
  mvcc: { en: 'MVCC', 'zh-CN': 'MVCC' },
  leases: { en: 'Leases', 'zh-CN': 'Lease' },
  members: { en: 'Members', 'zh-CN': '成员' },
  console: { en: 'Console', 'zh-CN': '控制台' },
  pages: { en: 'B+tree pages', 'zh-CN': 'B+ 树页面' },
  watch: { en: 'Watch', 'zh-CN': 'Watch' },
  writepath: { en: 'Write path', 'zh-CN': '写入路径' },
  metrics: { en: 'Metrics', 'zh-CN': '指标' },
  txn: { en: 'Txn builder', 'zh-CN': 'Txn 构建器' },
};
