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
