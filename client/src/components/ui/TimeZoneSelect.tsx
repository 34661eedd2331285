import { useMemo } from 'react';

function zoneOptions(current: string): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const withUtc = zones.includes('UTC') ? zones : ['UTC', ...zones];
  return withUtc.includes(current) ? withUtc : [current, ...withUtc];
}

/** Every IANA zone this browser knows, as a select. */
export function TimeZoneSelect({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const zones = useMemo(() => zoneOptions(value), [value]);
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)}>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone}
        </option>
      ))}
    </select>
  );
}
