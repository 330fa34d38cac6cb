import type { ReactNode } from 'react';

/** A titled region of the page. Every view lives in one, so adding a panel is adding an entry. */
export function Panel(props: { id: string; title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = `es-panel-${props.id}-title`;
  return (
    <section className={`panel panel-${props.id}${props.className ? ` ${props.className}` : ''}`} aria-labelledby={headingId}>
      <header className="panel-head">
        <h2 id={headingId}>{props.title}</h2>
        {props.actions && <div className="panel-actions">{props.actions}</div>}
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
