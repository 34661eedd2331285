import { useId, useLayoutEffect, useRef, useState } from 'react';
import { placeMenu } from '../../components/ui/Menu';

/**
 * A card's short time as a button that shows the full times (the viewer's, the incident's
 * reference zone, the author's local time). A tooltip alone was out of reach of keyboard,
 * touch and screen-reader users.
 */
export function CardTime({ clock, details }: { clock: string; details: () => string }) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<{ left: number; top: number } | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);
  const id = useId();

  // Placed beside the time, and kept there while the board scrolls underneath (a card that
  // was just added may still be gliding into view).
  useLayoutEffect(() => {
    if (!open) return;
    const place = () => {
      if (!buttonRef.current || !popoverRef.current) return;
      const box = popoverRef.current.getBoundingClientRect();
      setPosition(
        placeMenu(buttonRef.current.getBoundingClientRect(), box, {
          width: window.innerWidth,
          height: window.innerHeight,
        }),
      );
    };
    place();
    const close = (event: Event) => {
      if (!buttonRef.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('scroll', place, true);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('scroll', place, true);
    };
  }, [open]);

  return (
    <span className="card-time" onPointerDown={(e) => e.stopPropagation()}>
      <button
        ref={buttonRef}
        type="button"
        className="time-button"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        aria-label={`${clock}, time details`}
        onClick={() => setOpen((v) => !v)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && open) {
            event.stopPropagation();
            setOpen(false);
          }
          if (event.key === ' ' || event.key === 'Enter') event.stopPropagation(); // not a drag, not an edit
        }}
      >
        <time>{clock}</time>
      </button>
      {open && (
        <div
          ref={popoverRef}
          id={id}
          className="time-popover"
          style={position ?? { visibility: 'hidden', left: 0, top: 0 }}
        >
          {details()
            .split('\n')
            .map((line) => (
              <p key={line}>{line}</p>
            ))}
        </div>
      )}
    </span>
  );
}
