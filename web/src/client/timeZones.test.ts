// Unit tests of the time-zone options: cities and offsets (also half hours and summer time),
// and filtering as one types ("Lond" finds London first, accents and case do not matter).
import { describe, expect, it } from 'vitest';
import { filterTimeZones, formatOffset, timeZoneOption, timeZoneOptions } from './timeZones';

const winter = new Date('2025-01-15T12:00:00Z');
const summer = new Date('2025-07-15T12:00:00Z');
const zones = ['Africa/Abidjan', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Europe/Berlin', 'Europe/London', 'America/Londonderry_Test', 'UTC'];

describe('time zones', () => {
  it('names each zone by its city with the offset', () => {
    expect(timeZoneOption('Europe/London', winter).label).toBe('London (UTC+0)');
    expect(timeZoneOption('Europe/London', summer).label).toBe('London (UTC+1)');
    expect(timeZoneOption('Europe/Berlin', summer).label).toBe('Berlin (UTC+2)');
    expect(timeZoneOption('Asia/Kolkata', winter).label).toBe('Kolkata (UTC+5:30)');
    expect(timeZoneOption('America/Argentina/Buenos_Aires', winter)).toMatchObject({ city: 'Buenos Aires', region: 'America', offset: 'UTC-3' });
    expect(timeZoneOption('UTC', winter).label).toBe('UTC (UTC+0)');
    expect(formatOffset(-210)).toBe('UTC-3:30');
  });

  it('filters as one types, the best match first', () => {
    const options = timeZoneOptions(zones, winter);
    expect(filterTimeZones(options, 'Lond').map((o) => o.id)[0]).toBe('Europe/London');
    expect(filterTimeZones(options, 'lond').map((o) => o.id)).not.toContain('Africa/Abidjan');
    expect(filterTimeZones(options, 'aires').map((o) => o.city)).toEqual(['Buenos Aires']);
    expect(filterTimeZones(options, 'europe').map((o) => o.city)).toEqual(['Berlin', 'London']);
    expect(filterTimeZones(options, 'BERLÍN').map((o) => o.city)).toEqual(['Berlin']);
    expect(filterTimeZones(options, '  ')).toHaveLength(zones.length);
    expect(filterTimeZones(options, 'Atlantis')).toEqual([]);
  });
});
