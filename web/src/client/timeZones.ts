// Time zones for people: each IANA zone as its city ("London", "Buenos Aires") with the offset
// from UTC at a given moment ("London (UTC+1)"), and a filter that matches what is typed against
// the city, the region and the zone's id, ignoring case and accents, best matches first. Pure
// functions over Intl; no words beyond the zone names and no DOM.

export interface TimeZoneOption {
  /** The IANA id, e.g. "Europe/London". */
  id: string;
  /** The city (last part of the id, with spaces), e.g. "London". */
  city: string;
  /** The region (first part of the id), e.g. "Europe"; empty for "UTC". */
  region: string;
  /** "UTC+1", "UTC-3:30", "UTC+0". */
  offset: string;
  /** What is shown and spoken: "London (UTC+1)". */
  label: string;
}

/** One formatter per zone: creating them is the expensive part (hundreds of zones). */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of `zone` at `at`. */
export function offsetMinutes(zone: string, at: Date): number {
  try {
    let format = formatters.get(zone);
    if (format === undefined) {
      format = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      formatters.set(zone, format);
    }
    const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
    const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name ?? '');
    if (m === null) return 0;
    const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' ? -minutes : minutes;
  } catch {
    return 0;
  }
}

/** "UTC+1", "UTC+5:30", "UTC-3", "UTC+0". */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `UTC${sign}${hours}${rest === 0 ? '' : `:${String(rest).padStart(2, '0')}`}`;
}

export function timeZoneOption(id: string, at: Date): TimeZoneOption {
  const parts = id.split('/');
  const city = (parts[parts.length - 1] ?? id).replace(/_/g, ' ');
  const region = parts.length > 1 ? (parts[0] ?? '').replace(/_/g, ' ') : '';
  const offset = formatOffset(offsetMinutes(id, at));
  return { id, city, region, offset, label: `${city} (${offset})` };
}

/** Options for `zones`, sorted by city. */
export function timeZoneOptions(zones: readonly string[], at: Date): TimeZoneOption[] {
  const collator = new Intl.Collator('en', { sensitivity: 'base' });
  return zones.map((z) => timeZoneOption(z, at)).sort((a, b) => collator.compare(a.city, b.city) || collator.compare(a.id, b.id));
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[_/]/g, ' ');
}

/**
 * The options matching `query`, best first: cities starting with it, then cities with a word
 * starting with it, then any other match in the id, region or offset. An empty query keeps all.
 */
export function filterTimeZones(options: readonly TimeZoneOption[], query: string): TimeZoneOption[] {
  const q = fold(query.trim());
  if (q === '') return [...options];
  const rank = (o: TimeZoneOption): number => {
    const city = fold(o.city);
    if (city.startsWith(q)) return 0;
    if (city.split(' ').some((word) => word.startsWith(q))) return 1;
    if (fold(`${o.id} ${o.region} ${o.offset}`).includes(q) || fold(o.label) === q) return 2;
    return -1;
  };
  return options
    .map((o) => ({ o, r: rank(o) }))
    .filter(({ r }) => r >= 0)
    .sort((a, b) => a.r - b.r)
    .map(({ o }) => o);
}
