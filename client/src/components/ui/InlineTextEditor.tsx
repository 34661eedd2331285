import { useEffect, useRef, useState } from 'react';

/**
 * A text box edited in place: Enter or leaving it finishes with the text, Shift+Enter adds a
 * line, Escape finishes with null (cancelled). Finishes once, whatever fires after. Keys and
 * pointer presses stay inside it (a draggable card around it must not react to them).
 */
export function InlineTextEditor({
  initial,
  label,
  onFinish,
  onChange,
}: {
  initial: string;
  label: string;
  onFinish: (value: string | null) => void;
  onChange?: (value: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLTextAreaElement>(null);
  const finished = useRef(false);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  const finish = (result: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onFinish(result);
  };
  return (
    <textarea
      ref={ref}
      className="card-editor"
      aria-label={label}
      value={value}
      maxLength={2000}
      onChange={(e) => {
        setValue(e.target.value);
        onChange?.(e.target.value);
      }}
      onBlur={() => finish(value)}
      onPointerDown={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.key === 'Enter' && !e.shiftKey) {
          e.preventDefault();
          finish(value);
        } else if (e.key === 'Escape') {
          e.preventDefault();
          finish(null);
        }
      }}
    />
  );
}
