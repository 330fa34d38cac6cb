// Every scenario, in curriculum order. The page's scenario index groups them by topic.
import type { Scenario, Text, Topic } from '../types';
import { reads } from './reads';
import { logConflict } from './logConflict';
import { recoverDeleted } from './recoverDeleted';
import { dbSize } from './dbSize';
import { leaderChange } from './leaderChange';
import { election } from './election';
import { leases } from './leases';
import { mvcc } from './mvcc';
import { txn } from './txn';
import { kubernetes } from './kubernetes';
import { lock } from './lock';
import { replaceMember } from './replaceMember';
import { compaction } from './compaction';
import { writePath } from './writePath';
import { readPath } from './readPath';
import { auth } from './auth';
import { benchmarkVsProduction } from './benchmarkVsProduction';
import { serviceDiscovery } from './serviceDiscovery';
import { pagination } from './pagination';
import { boltdb } from './boltdb';
import { dumpTools } from './dumpTools';
import { engines } from './engines';
import { watchLoss } from './watchLoss';
import { dbGrowth } from './dbGrowth';
import { memory } from './memory';
import { workload } from './workload';
import { pollVsWatch } from './pollVsWatch';
import { sizeLimit } from './sizeLimit';

export const SCENARIOS: Scenario[] = [reads, logConflict, recoverDeleted, dbSize, leaderChange, election, leases, mvcc, txn, kubernetes, lock, replaceMember, compaction, writePath, readPath, auth, benchmarkVsProduction, serviceDiscovery, pagination, boltdb, dumpTools, engines, watchLoss, dbGrowth, memory, workload, pollVsWatch, sizeLimit].sort((a, b) => a.number - b.number);

export const TOPICS: Record<Topic, Text> = {
  consistency: { en: 'Consistency and reads', 'zh-CN': '一致性与读' },
  watch: { en: 'Watch', 'zh-CN': 'Watch 机制' },
  data: { en: 'Data', 'zh-CN': '数据' },
  stability: { en: 'Stability and performance', 'zh-CN': '稳定性与性能' },
  basics: { en: 'Basics', 'zh-CN': '基础' },
  diagnostics: { en: 'Diagnostics', 'zh-CN': '诊断' },
  applications: { en: 'Applications', 'zh-CN': '应用' },
};

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
