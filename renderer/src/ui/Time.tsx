// A time in the chosen zone, always labelled with its offset; the full microsecond UTC time and
// the zone name are in the tooltip.
import { useApp } from '../app/app-context.js';
import { formatTime, zoneByName, type TimePrecision } from '../state/time-format.js';

const UTC_ZONE = zoneByName('UTC');

export function Time({ us, precision = 'seconds' }: Readonly<{ us: number | null; precision?: TimePrecision }>) {
  const { zone } = useApp();
  if (us === null) return <span className="muted">–</span>;
  return (
    <time className="time" dateTime={new Date(Math.floor(us / 1000)).toISOString()} title={`${formatTime(us, UTC_ZONE, 'micros')} · shown in ${zone.name}`}>
      {formatTime(us, zone, precision)}
    </time>
  );
}
