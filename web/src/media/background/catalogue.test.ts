// The catalogue a room offers and how picture ids resolve to addresses on our own server.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_BACKGROUNDS, imageUrl, roomCatalogue } from './catalogue';
import { offeredImages } from './effects';

describe('background catalogue', () => {
  it('offers the built-in pictures when the meeting has none of its own', () => {
    const catalogue = roomCatalogue('room1', []);
    expect(offeredImages(catalogue).map((i) => i.id)).toEqual(BUILT_IN_BACKGROUNDS.map((i) => i.id));
  });

  it("offers only the meeting's own pictures when it has some, by name", () => {
    const catalogue = roomCatalogue('Room1', [{ id: 'Pic1', name: 'Town hall' }]);
    const offered = offeredImages(catalogue);
    expect(offered).toEqual([{ id: 'room:Room1:Pic1', nameKey: null, name: 'Town hall', url: '/api/v1/rooms/Room1/backgrounds/Pic1' }]);
  });

  it('resolves built-in and meeting pictures, and nothing else', () => {
    const first = BUILT_IN_BACKGROUNDS[0];
    expect(first).toBeDefined();
    expect(imageUrl(first?.id ?? '')).toBe(first?.url);
    expect(imageUrl('room:Room1:Pic1')).toBe('/api/v1/rooms/Room1/backgrounds/Pic1');
    expect(imageUrl('room:../x:Pic1')).toBeNull();
    expect(imageUrl('https://example.org/x.png')).toBeNull();
    expect(imageUrl('unknown')).toBeNull();
  });
});
