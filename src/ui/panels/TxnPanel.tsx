// Panel 8, Txn builder: compare / then / else built in a form, sent through a member; shows the
// branch that ran and the revision the txn left, plus the same txn as `etcdctl txn` input. "Race
// two clients" sends two conflicting compare-and-swap txns at once (through two members) and shows
// which one won.
import { useId, useState } from 'react';
import type { TxnCmp, TxnCompareSpec, TxnOpSpec, TxnOutcome, TxnSpec, TxnTarget } from '../../protocol/txn';
import { getController } from '../store/clusterStore';
import { currentLeader } from '../store/derive';
import { useCluster, useClusterShallow, useT } from '../store/hooks';
import type { TFunction } from '../i18n';
import { MemberPicker, useTargetMember } from '../components/MvccPanel';
import { LiveRegion } from './usePoll';

const TARGETS: TxnTarget[] = ['value', 'version', 'create', 'mod', 'lease'];
const CMPS: TxnCmp[] = ['=', '!=', '<', '>'];
const OPS: TxnOpSpec['op'][] = ['put', 'get', 'del'];

const INITIAL: TxnSpec = {
  compare: [{ key: 'foo', target: 'version', cmp: '=', operand: '0' }],
  success: [{ op: 'put', key: 'foo', value: 'first' }],
  failure: [{ op: 'get', key: 'foo' }],
};

/** The same txn as `etcdctl txn` stdin; null when a lease compare is in it (etcdctl 3.4 cannot send one). */
export function etcdctlInput(spec: TxnSpec): string | null {
  if (spec.compare.some((c) => c.target === 'lease')) return null;
  const q = (s: string) => JSON.stringify(s);
  const cmp = spec.compare.map((c) => `${c.target}(${q(c.key)}) ${c.cmp} ${q(c.operand)}`);
  const op = (o: TxnOpSpec) => (o.op === 'put' ? `put ${q(o.key)} ${q(o.value ?? '')}` : `${o.op} ${q(o.key)}`);
  return [...cmp, '', ...spec.success.map(op), '', ...spec.failure.map(op)].join('\n');
}

export function TxnPanel() {
  const t = useT();
  const [spec, setSpec] = useState<TxnSpec>(INITIAL);
  const [target, setTarget, pickValue] = useTargetMember();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TxnOutcome | null>(null);
  const [say, setSay] = useState('');
  const names = useClusterShallow((s) => s.cards.map((c) => `${c.id}:${c.name}`));
  const nameOf = (id: number) => names.find((n) => n.startsWith(`${id}:`))?.split(':')[1] ?? `n${id}`;
  const run = async () => {
    const c = getController();
    if (!c?.txn) return;
    setBusy(true);
    const r = await c.txn(spec, target ?? undefined);
    setBusy(false);
    setResult(r);
    setSay(r.ok ? t(r.succeeded ? 'txn.say.then' : 'txn.say.else', { rev: r.revision, member: nameOf(r.member) }) : t('txn.say.error', { error: r.error }));
  };
  const input = etcdctlInput(spec);
  return (
    <div className="opt-panel txnp" data-testid="txn-panel">
      <form
        className="txn-form"
        onSubmit={(e) => {
          e.preventDefault();
          void run();
        }}
        aria-label={t('txn.form')}
      >
        <Section title={t('txn.if')} testId="txn-compares">
          {spec.compare.map((c, i) => (
            <CompareRow
              key={i}
              c={c}
              t={t}
              onChange={(n) => setSpec({ ...spec, compare: spec.compare.map((x, j) => (j === i ? n : x)) })}
              onRemove={() => setSpec({ ...spec, compare: spec.compare.filter((_, j) => j !== i) })}
            />
          ))}
          <button type="button" className="btn btn-small" onClick={() => setSpec({ ...spec, compare: [...spec.compare, { key: 'foo', target: 'value', cmp: '=', operand: '' }] })}>
            + {t('txn.addCompare')}
          </button>
        </Section>
        {(['success', 'failure'] as const).map((branch) => (
          <Section key={branch} title={t(branch === 'success' ? 'txn.then' : 'txn.else')} testId={`txn-${branch}`}>
            {spec[branch].map((o, i) => (
              <OpRow
                key={i}
                o={o}
                t={t}
                onChange={(n) => setSpec({ ...spec, [branch]: spec[branch].map((x, j) => (j === i ? n : x)) })}
                onRemove={() => setSpec({ ...spec, [branch]: spec[branch].filter((_, j) => j !== i) })}
              />
            ))}
            <button type="button" className="btn btn-small" onClick={() => setSpec({ ...spec, [branch]: [...spec[branch], { op: 'put', key: 'foo', value: '' }] })}>
              + {t('txn.addOp')}
            </button>
          </Section>
        ))}
        <div className="opt-bar">
          <MemberPicker value={pickValue} onChange={setTarget} />
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="txn-run">
            {t('txn.run')}
          </button>
        </div>
      </form>
      {result && <Outcome r={result} t={t} nameOf={nameOf} testId="txn-result" />}
      <details className="txn-etcdctl">
        <summary>{t('txn.asEtcdctl')}</summary>
        {input === null ? <p className="muted">{t('txn.noEtcdctlLease')}</p> : <pre className="mono" data-testid="txn-etcdctl">{`$ etcdctl txn <<'EOF'\n${input}\n\nEOF`}</pre>}
      </details>
      <RaceBox t={t} nameOf={nameOf} onSay={setSay} />
      <LiveRegion text={say} testId="txn-narration" />
    </div>
  );
}

function Section({ title, testId, children }: { title: string; testId: string; children: React.ReactNode }) {
  return (
    <div className="txn-section" role="group" aria-label={title} data-testid={testId}>
      <span className="txn-section-title" aria-hidden="true">
        {title}
      </span>
      <div className="txn-section-body">{children}</div>
    </div>
  );
}

function CompareRow({ c, t, onChange, onRemove }: { c: TxnCompareSpec; t: TFunction; onChange: (c: TxnCompareSpec) => void; onRemove: () => void }) {
  const id = useId();
  return (
    <div className="txn-row" role="group" aria-label={t('txn.compare')}>
      <select aria-label={t('txn.target')} value={c.target} onChange={(e) => onChange({ ...c, target: e.target.value as TxnTarget })} data-testid="txn-cmp-target">
        {TARGETS.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <span aria-hidden="true">(</span>
      <input id={id} aria-label={t('watch.key')} value={c.key} size={8} onChange={(e) => onChange({ ...c, key: e.target.value })} data-testid="txn-cmp-key" />
      <span aria-hidden="true">)</span>
      <select aria-label={t('txn.cmp')} value={c.cmp} onChange={(e) => onChange({ ...c, cmp: e.target.value as TxnCmp })} data-testid="txn-cmp-op">
        {CMPS.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <input aria-label={t('txn.operand')} value={c.operand} size={7} onChange={(e) => onChange({ ...c, operand: e.target.value })} data-testid="txn-cmp-operand" />
      <button type="button" className="btn btn-small btn-quiet" aria-label={t('txn.remove')} title={t('txn.remove')} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

function OpRow({ o, t, onChange, onRemove }: { o: TxnOpSpec; t: TFunction; onChange: (o: TxnOpSpec) => void; onRemove: () => void }) {
  return (
    <div className="txn-row" role="group" aria-label={t('txn.op')}>
      <select aria-label={t('txn.op')} value={o.op} onChange={(e) => onChange({ ...o, op: e.target.value as TxnOpSpec['op'] })} data-testid="txn-op">
        {OPS.map((x) => (
          <option key={x} value={x}>
            {x}
          </option>
        ))}
      </select>
      <input aria-label={t('watch.key')} value={o.key} size={8} onChange={(e) => onChange({ ...o, key: e.target.value })} data-testid="txn-op-key" />
      {o.op === 'put' && <input aria-label={t('txn.value')} value={o.value ?? ''} size={8} onChange={(e) => onChange({ ...o, value: e.target.value })} data-testid="txn-op-value" />}
      <button type="button" className="btn btn-small btn-quiet" aria-label={t('txn.remove')} title={t('txn.remove')} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

function Outcome({ r, t, nameOf, testId, label }: { r: TxnOutcome; t: TFunction; nameOf: (id: number) => string; testId: string; label?: string }) {
  if (!r.ok)
    return (
      <div className="txn-outcome is-error" data-testid={testId} data-branch="error" role="alert">
        {label && <strong>{label} </strong>}✕ {r.error}
      </div>
    );
  return (
    <div className={`txn-outcome ${r.succeeded ? 'is-then' : 'is-else'}`} data-testid={testId} data-branch={r.succeeded ? 'then' : 'else'} data-revision={r.revision} data-wrote={r.wrote}>
      <div>
        {label && <strong>{label} </strong>}
        <span className="txn-branch">{r.succeeded ? `✓ ${t('txn.ranThen')}` : `✗ ${t('txn.ranElse')}`}</span>
        {' · '}
        <span data-testid={`${testId}-revision`}>{t(r.wrote ? 'txn.madeRev' : 'txn.readRev', { rev: r.revision })}</span>
        <span className="muted"> · {t('txn.via', { member: nameOf(r.member) })}</span>
      </div>
      <ul className="txn-results">
        {r.results.map((x, i) => (
          <li key={i} className="mono">
            {x.text}
          </li>
        ))}
      </ul>
    </div>
  );
}

function RaceBox({ t, nameOf, onSay }: { t: TFunction; nameOf: (id: number) => string; onSay: (s: string) => void }) {
  const [key, setKey] = useState('counter');
  const [busy, setBusy] = useState(false);
  const [race, setRace] = useState<{ base: number; a: TxnOutcome; b: TxnOutcome } | null>(null);
  const leader = useCluster((s) => currentLeader(s.cards)?.id ?? null);
  const other = useCluster((s) => s.cards.find((c) => c.alive && c.id !== currentLeader(s.cards)?.id)?.id ?? null);
  const go = async () => {
    const c = getController();
    if (!c?.txn || leader === null) return;
    setBusy(true);
    // Both clients read the key's mod revision, then each tries to swap it for their own value.
    const read = await c.txn({ compare: [], success: [{ op: 'get', key }], failure: [] }, leader);
    const base = read.ok ? (read.results[0]?.modRevision ?? 0) : 0;
    const cas = (value: string): TxnSpec => ({
      compare: [{ key, target: 'mod', cmp: '=', operand: String(base) }],
      success: [{ op: 'put', key, value }],
      failure: [{ op: 'get', key }],
    });
    const [a, b] = await Promise.all([c.txn(cas('A'), leader), c.txn(cas('B'), other ?? leader)]);
    setBusy(false);
    setRace({ base, a, b });
    const winner = a.ok && a.succeeded ? 'A' : b.ok && b.succeeded ? 'B' : null;
    const won = winner === 'A' ? a : winner === 'B' ? b : null;
    onSay(won?.ok ? t('txn.say.race', { winner: winner!, rev: won.revision }) : t('txn.say.raceNone'));
  };
  const uid = useId();
  return (
    <section className="txn-race" aria-labelledby={`${uid}-h`} data-testid="txn-race">
      <h3 className="opt-h3" id={`${uid}-h`}>
        {t('txn.race')}
      </h3>
      <div className="opt-bar">
        <label htmlFor={`${uid}-k`}>{t('watch.key')}</label>
        <input id={`${uid}-k`} value={key} onChange={(e) => setKey(e.target.value)} size={10} data-testid="txn-race-key" />
        <button type="button" className="btn btn-primary" disabled={busy || leader === null} onClick={() => void go()} data-testid="txn-race-run">
          {t('txn.raceRun')}
        </button>
      </div>
      <p className="muted">{t('txn.raceHint')}</p>
      {race && (
        <div className="txn-race-result" data-testid="txn-race-result" data-base={race.base}>
          <p>{t('txn.raceBase', { key, rev: race.base })}</p>
          <div className="txn-race-pair">
            {([['A', race.a], ['B', race.b]] as const).map(([who, r]) => (
              <div key={who} className="txn-race-client" data-client={who} data-won={r.ok && r.succeeded}>
                <Outcome r={r} t={t} nameOf={nameOf} testId={`txn-race-${who}`} label={`${t('txn.client', { name: who })}${r.ok && r.succeeded ? ` — ${t('txn.won')}` : r.ok ? ` — ${t('txn.lost')}` : ''}`} />
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}
