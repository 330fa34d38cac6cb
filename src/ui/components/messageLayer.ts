// Imperative SVG for messages in flight: created and removed as snapshots change, moved every frame
// by ClusterView. Kept out of React so 60 fps motion costs attribute writes, not renders.
import type { MessageView } from '../../protocol/view';
import { messageStyle } from '../layout/messages';
import { glyphPath } from './glyphs';

const SVG_NS = 'http://www.w3.org/2000/svg';

export function setIfChanged(cache: WeakMap<Element, string>, el: Element, attr: string, value: string): void {
  const key = `${attr}=${value}`;
  if (cache.get(el) === key) return;
  cache.set(el, key);
  el.setAttribute(attr, value);
}

export function reconcileMessages(
  layer: SVGGElement,
  els: Map<number, SVGGElement>,
  messages: readonly MessageView[],
  withLabels: boolean,
): void {
  const live = new Set<number>();
  for (const msg of messages) {
    live.add(msg.id);
    let g = els.get(msg.id);
    if (!g) {
      g = createMessageEl(msg);
      g.setAttribute('visibility', 'hidden');
      layer.appendChild(g);
      els.set(msg.id, g);
    }
    g.classList.toggle('with-label', withLabels);
  }
  for (const [id, g] of els) {
    if (!live.has(id)) {
      g.remove();
      els.delete(id);
    }
  }
}

function createMessageEl(msg: MessageView): SVGGElement {
  const style = messageStyle(msg.type);
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('data-id', String(msg.id));
  g.setAttribute('data-type', msg.type);
  g.setAttribute('class', `msg fam-${style.family}${style.response ? ' resp' : ''}${msg.reject ? ' reject' : ''}`);
  const path = document.createElementNS(SVG_NS, 'path');
  path.setAttribute('d', glyphPath(style.glyph, msg.type === 'MsgApp' && msg.entries > 0 ? 110 : 80));
  g.appendChild(path);
  if (msg.reject) {
    const x = document.createElementNS(SVG_NS, 'path');
    x.setAttribute('class', 'msg-reject');
    x.setAttribute('d', 'M-4 -4L4 4M-4 4L4 -4');
    g.appendChild(x);
  }
  const label = document.createElementNS(SVG_NS, 'text');
  label.setAttribute('class', 'msg-label');
  label.setAttribute('x', '8');
  label.setAttribute('y', '-6');
  label.textContent = msg.type === 'MsgApp' && msg.entries > 0 ? `${style.abbrev}+${msg.entries}` : style.abbrev;
  g.appendChild(label);
  return g;
}
