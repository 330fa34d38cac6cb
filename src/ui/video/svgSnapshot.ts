// An on-screen SVG as a self-contained image: the page styles it with classes and CSS variables, so
// a copy is made with each element's computed presentation properties written inline, then loaded
// as an <img> (no foreignObject, so drawing it leaves a canvas untainted).
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'opacity',
  'visibility',
  'display',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'letter-spacing',
  'text-anchor',
  'dominant-baseline',
  'paint-order',
] as const;

export function inlineSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const src = [svg, ...svg.querySelectorAll('*')];
  const dst = [clone, ...clone.querySelectorAll('*')];
  for (let i = 0; i < src.length; i++) {
    const cs = getComputedStyle(src[i]!);
    const style = PROPS.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(';');
    dst[i]!.setAttribute('style', style);
    dst[i]!.removeAttribute('class');
  }
  const box = svg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.max(1, Math.round(box.width))));
  clone.setAttribute('height', String(Math.max(1, Math.round(box.height))));
  return new XMLSerializer().serializeToString(clone);
}

export async function svgImage(svg: SVGSVGElement): Promise<HTMLImageElement> {
  const url = URL.createObjectURL(new Blob([inlineSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}
