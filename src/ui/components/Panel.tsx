import type { ReactNode } from 'react';
import type { MainPanelId } from '../panels/arrange';
import { ArrangeButton, useArrange } from '../panels/PanelArrange';

/**
 * A titled region of the page. Every view lives in one, so adding a panel is adding an entry. A page
 * panel (`id` one of the MainPanelIds) can be moved: drag its header, or use the ⠿ button's menu.
 */
export function Panel(props: { id: MainPanelId; title: string; actions?: ReactNode; children: ReactNode; className?: string }) {
  const headingId = `es-panel-${props.id}-title`;
  const { headerProps, sectionProps } = useArrange(props.id);
  return (
    <section
      className={`panel panel-${props.id}${props.className ? ` ${props.className}` : ''}`}
      aria-labelledby={headingId}
      data-panel={props.id}
      {...sectionProps}
    >
      <header className="panel-head" {...headerProps}>
        <h2 id={headingId}>{props.title}</h2>
        <div className="panel-actions">
          {props.actions}
          <ArrangeButton id={props.id} />
        </div>
      </header>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}
