// Times as programs print them (syslog, nginx, `last`, ISO), from microseconds since the epoch.
// Pure functions of their argument: the demo never reads the real clock.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const two = (n: number): string => String(n).padStart(2, '0');

interface Parts {
  year: number;
  month: string;
  monthNumber: number;
  day: number;
  weekday: string;
  hms: string;
}

function parts(micros: number): Parts {
  const d = new Date(Math.floor(micros / 1000));
  return {
    year: d.getUTCFullYear(),
    month: MONTHS[d.getUTCMonth()] ?? 'Jan',
    monthNumber: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    weekday: DAYS[d.getUTCDay()] ?? 'Sun',
    hms: `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
  };
}

/** `Nov 21 02:09:58` (syslog, journalctl short format). */
export function syslogTime(micros: number): string {
  const p = parts(micros);
  return `${p.month} ${String(p.day).padStart(2, ' ')} ${p.hms}`;
}

/** `21/Nov/2024:02:09:58 +0000` (nginx/Apache access logs). */
export function clfTime(micros: number): string {
  const p = parts(micros);
  return `${two(p.day)}/${p.month}/${p.year}:${p.hms} +0000`;
}

/** `2024/11/21 02:09:58` (nginx error log). */
export function nginxErrorTime(micros: number): string {
  const p = parts(micros);
  return `${p.year}/${two(p.monthNumber)}/${two(p.day)} ${p.hms}`;
}

/** `02:09:58`. */
export function hms(micros: number): string {
  return parts(micros).hms;
}

/** `02:09` (`w`, `last`). */
export function hm(micros: number): string {
  return parts(micros).hms.slice(0, 5);
}

/** `Thu Nov 21 02:09:58 2024` (ctime: "Last login", `date`). */
export function ctime(micros: number): string {
  const p = parts(micros);
  return `${p.weekday} ${p.month} ${String(p.day).padStart(2, ' ')} ${p.hms} ${p.year}`;
}

/** `Thu Nov 21 02:09` (`last`). */
export function lastTime(micros: number): string {
  const p = parts(micros);
  return `${p.weekday} ${p.month} ${String(p.day).padStart(2, ' ')} ${p.hms.slice(0, 5)}`;
}

/** `2024-11-21T02:09:58.123Z` (JSON application logs). */
export function isoMillis(micros: number): string {
  return new Date(Math.floor(micros / 1000)).toISOString();
}

/** `2024-11-21 02:09:58.123 UTC` (PostgreSQL). */
export function pgTime(micros: number): string {
  const iso = isoMillis(micros);
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} UTC`;
}

/** `Thu 2024-11-21 02:09:58 UTC` (systemctl status). */
export function systemdTime(micros: number): string {
  const p = parts(micros);
  return `${p.weekday} ${p.year}-${two(p.monthNumber)}-${two(p.day)} ${p.hms} UTC`;
}

export const MINUTE = 60_000_000;
export const SECOND = 1_000_000;
