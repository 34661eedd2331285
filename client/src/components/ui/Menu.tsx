import {
  createContext,
  useContext,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';

const ITEM_SELECTOR = '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]';

interface MenuControl {
  /** Close the menu and put focus back on its button. */
  close(): void;
}
const MenuContext = createContext<MenuControl>({ close: () => undefined });

/** Where a fixed-position menu fits beside its button (below if there is room, else above). */
export function placeMenu(
  button: { left: number; right: number; top: number; bottom: number },
  menu: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const margin = 8;
  const left = Math.max(margin, Math.min(button.left, viewport.width - menu.width - margin));
  const below = button.bottom + 2;
  const fitsBelow = below + menu.height <= viewport.height - margin;
  const above = button.top - 2 - menu.height;
  const top =
    fitsBelow || above < margin ? Math.max(margin, Math.min(below, viewport.height - menu.height - margin)) : above;
  return { left, top };
}

/** Where `panel` (a fixed-position menu or popover) goes beside `button` in this window. */
export function placeBeside(button: HTMLElement, panel: HTMLElement): { left: number; top: number } {
  const box = panel.getBoundingClientRect();
  return placeMenu(
    button.getBoundingClientRect(),
    { width: box.width, height: box.height },
    { width: window.innerWidth, height: window.innerHeight },
  );
}

/**
 * A button that opens a menu, following the WAI-ARIA menu button pattern: Enter, Space or
 * ↓ opens it on the first item (↑ on the last); ↑ ↓ Home End move; a letter jumps to the
 * next item starting with it; Escape closes it and returns to the button; Tab leaves it.
 */
export function MenuButton({
  label,
  content,
  className,
  menuLabel,
  children,
}: {
  /** The button's accessible name (must contain `content` when that is text). */
  label: string;
  content: ReactNode;
  className?: string;
  menuLabel?: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const id = useId();

  const items = () => [...(menuRef.current?.querySelectorAll<HTMLElement>(ITEM_SELECTOR) ?? [])];
  const close = (refocus = true) => {
    setOpen(false);
    setPosition(null);
    if (refocus) buttonRef.current?.focus();
  };

  // Placed beside its button, and kept there while the page scrolls underneath.
  const place = () => {
    if (menuRef.current && buttonRef.current) setPosition(placeBeside(buttonRef.current, menuRef.current));
  };
  useLayoutEffect(() => {
    if (!open) return;
    place();
    // Shown before it is placed (invisible elements cannot take focus).
    if (menuRef.current) menuRef.current.style.visibility = 'visible';
    const list = items();
    (open === 'last' ? list[list.length - 1] : list[0])?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    const onScroll = (event: Event) => {
      if (!menuRef.current?.contains(event.target as Node)) place();
    };
    document.addEventListener('pointerdown', onDown);
    window.addEventListener('resize', place);
    document.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      window.removeEventListener('resize', place);
      document.removeEventListener('scroll', onScroll, true);
    };
  }, [open]);

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>) => {
    event.stopPropagation();
    const list = items();
    const at = list.indexOf(document.activeElement as HTMLElement);
    const go = (index: number) => {
      event.preventDefault();
      list[(index + list.length) % list.length]?.focus();
    };
    if (event.key === 'ArrowDown') go(at + 1);
    else if (event.key === 'ArrowUp') go(at < 0 ? list.length - 1 : at - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(list.length - 1);
    else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    } else if (event.key === 'Tab') close(false);
    else if (event.key.length === 1 && /\S/.test(event.key)) {
      const letter = event.key.toLowerCase();
      const order = [...list.slice(at + 1), ...list.slice(0, at + 1)];
      const match = order.find((item) => item.textContent?.trim().toLowerCase().startsWith(letter));
      if (match) {
        event.preventDefault();
        match.focus();
      }
    }
  };

  return (
    <MenuContext.Provider value={{ close }}>
      <span className="menu-anchor" onPointerDown={(e) => e.stopPropagation()}>
        <button
          ref={buttonRef}
          type="button"
          className={className}
          id={`${id}-button`}
          aria-haspopup="menu"
          aria-expanded={open !== false}
          aria-controls={open ? `${id}-menu` : undefined}
          aria-label={label}
          onClick={() => (open ? close() : setOpen('first'))}
          onKeyDown={(event) => {
            event.stopPropagation();
            if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              setOpen(event.key === 'ArrowDown' ? 'first' : 'last');
            }
          }}
        >
          {content}
        </button>
        {open && (
          <div
            ref={menuRef}
            id={`${id}-menu`}
            role="menu"
            aria-label={menuLabel ?? label}
            className="menu"
            style={position ?? { visibility: 'hidden', left: 0, top: 0 }}
            onKeyDown={onMenuKey}
          >
            {children}
          </div>
        )}
      </span>
    </MenuContext.Provider>
  );
}

/** A menu item; choosing it runs `onSelect` and closes the menu (unless `keepOpen`). */
export function MenuItem({
  onSelect,
  children,
  className,
  checked,
  kind = 'item',
  keepOpen = false,
  disabled = false,
}: {
  onSelect(): void;
  children: ReactNode;
  className?: string;
  /** For checkbox and radio items. */
  checked?: boolean;
  kind?: 'item' | 'checkbox' | 'radio';
  keepOpen?: boolean;
  /** Still focusable (so people learn it exists), but does nothing. */
  disabled?: boolean;
}) {
  const { close } = useContext(MenuContext);
  const choose = () => {
    if (disabled) return;
    // Close first: a dialog opened by the item then returns focus to the menu's button.
    if (!keepOpen) close();
    onSelect();
  };
  return (
    <div
      role={kind === 'item' ? 'menuitem' : kind === 'checkbox' ? 'menuitemcheckbox' : 'menuitemradio'}
      aria-checked={kind === 'item' ? undefined : (checked ?? false)}
      aria-disabled={disabled || undefined}
      tabIndex={-1}
      className={`menu-item${className ? ` ${className}` : ''}`}
      onClick={choose}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          choose();
        }
      }}
    >
      {kind !== 'item' && (
        <span className="menu-check" aria-hidden="true">
          {kind === 'radio' ? (checked ? '●' : '○') : checked ? '☑' : '☐'}
        </span>
      )}
      {children}
    </div>
  );
}

/** A labelled group of items (for example radio items that pick one value). */
export function MenuGroup({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id} className="menu-group">
      <div role="presentation" id={id} className="menu-heading">
        {label}
      </div>
      {children}
    </div>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="menu-separator" />;
}
