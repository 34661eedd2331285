import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { placeBeside } from './Menu';

/**
 * A button that shows a small panel of settings (a disclosure, not a menu: the panel holds
 * form fields). Escape or a click outside closes it and focus returns to the button; so
 * does a click on anything in the panel marked `data-popover-close` (its action is done).
 */
export function PopoverButton({
  label,
  panelLabel,
  children,
}: {
  label: string;
  panelLabel: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const id = useId();
  const close = (refocus = true) => {
    setOpen(false);
    setPosition(null);
    if (refocus) buttonRef.current?.focus();
  };

  useLayoutEffect(() => {
    if (!open || !panelRef.current || !buttonRef.current) return;
    setPosition(placeBeside(buttonRef.current, panelRef.current));
    panelRef.current.querySelector<HTMLElement>('input, select, button')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open) return;
    const onDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) close(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  return (
    <span className="popover-anchor">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        {label} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={panelRef}
          id={id}
          role="group"
          aria-label={panelLabel}
          className="popover"
          style={position ? { left: position.left, top: position.top } : { visibility: 'hidden' }}
          onClick={(event) => {
            if ((event.target as HTMLElement).closest('[data-popover-close]')) close();
          }}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              event.stopPropagation();
              close();
            }
          }}
        >
          {children}
        </div>
      )}
    </span>
  );
}
