import { useId, useState } from 'react';

/** A read-only value with a copy button that says when it worked. */
export function CopyField({
  label,
  value,
  hint,
  copyLabel = 'Copy',
}: {
  label: string;
  value: string;
  hint?: string;
  /** The button's text: say what is copied when several fields sit together. */
  copyLabel?: string;
}) {
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('copied');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied('idle'), 2000);
  };
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <div className="copy-row">
        <input
          id={id}
          readOnly
          value={value}
          aria-describedby={hint ? `${id}-hint` : undefined}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={copy}>
          {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Select and copy' : copyLabel}
        </button>
      </div>
    </div>
  );
}
