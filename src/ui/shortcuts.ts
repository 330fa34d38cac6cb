// Global keyboard shortcuts. The decision is a pure function (tested); the hook wires it to window.
export type ShortcutAction =
  | 'toggle-pause'
  | 'toggle-help'
  | 'toggle-lang'
  | 'toggle-motion'
  | 'toggle-projector'
  | 'slower'
  | 'faster'
  | 'focus-console'
  | 'toggle-record'
  | 'export-run'
  | 'import-run';

export interface KeyInfo {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** Lower-case tag name of the event target, e.g. 'input'. */
  targetTag?: string;
  targetEditable?: boolean;
  /** The target's ARIA role, if any. */
  targetRole?: string | null;
}

const TYPING_TAGS = new Set(['input', 'textarea', 'select']);
const ACTIVATES_ON_SPACE = new Set(['button', 'a', 'summary']);
const ROLES_ON_SPACE = new Set(['button', 'checkbox', 'switch', 'link', 'menuitem', 'tab', 'option', 'slider']);

export function shortcutFor(k: KeyInfo): ShortcutAction | null {
  if (k.ctrlKey || k.metaKey || k.altKey) return null;
  const tag = (k.targetTag ?? '').toLowerCase();
  if (TYPING_TAGS.has(tag) || k.targetEditable) return null;
  switch (k.key) {
    case ' ':
    case 'Spacebar':
      // Space on a button or link activates it; don't steal that.
      if (ACTIVATES_ON_SPACE.has(tag) || (k.targetRole && ROLES_ON_SPACE.has(k.targetRole))) return null;
      return 'toggle-pause';
    case '?':
      return 'toggle-help';
    case 'l':
    case 'L':
      return 'toggle-lang';
    case 'm':
    case 'M':
      return 'toggle-motion';
    case 'p':
    case 'P':
      return 'toggle-projector';
    case '[':
      return 'slower';
    case ']':
      return 'faster';
    case '/':
      return 'focus-console';
    case 'r':
    case 'R':
      return 'toggle-record';
    case 'e':
    case 'E':
      return 'export-run';
    case 'i':
    case 'I':
      return 'import-run';
    default:
      return null;
  }
}
