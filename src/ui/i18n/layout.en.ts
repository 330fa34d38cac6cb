// English strings for arranging the page's panels (spread into en.ts).
export const layoutEn = {
  'layout.handle': 'Move the {panel} panel (drag, or open for moves; Alt+arrow keys move it)',
  'layout.menu': 'Arrange the {panel} panel',
  'layout.up': 'Move up',
  'layout.down': 'Move down',
  'layout.left': 'Move to the left column',
  'layout.right': 'Move to the right column',
  'layout.hide': 'Hide this panel',
  'layout.reset': 'Reset layout',
  'layout.resetTip': 'Every panel back in its place, all shown',
  'layout.pagePanels': 'Page panels',
  'layout.sideTabs': 'Tabs of the side panel',
  'layout.sidePanel': 'Events / MVCC / …',
  'layout.moved': '{panel} moved: column {col}, position {row}',
  'layout.hidden': '{panel} hidden (the Panels menu shows it again)',
  'layout.wasReset': 'Layout reset',
  'layout.dropHere': 'Drop a panel here',
} as const;
