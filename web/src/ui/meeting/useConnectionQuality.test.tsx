// @vitest-environment jsdom
// Component test of the hook that runs the connection quality sampler: running while mounted and
// visible, stopped while the page is hidden and after unmounting (no timer left behind).
import { cleanup, renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QualitySampler } from '../../media/qualitySampler';
import { useConnectionQuality } from './useConnectionQuality';

let hidden = false;
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });

function setHidden(value: boolean) {
  hidden = value;
  document.dispatchEvent(new Event('visibilitychange'));
}

afterEach(() => {
  cleanup();
  hidden = false;
  vi.useRealTimers();
});

describe('useConnectionQuality', () => {
  it('runs the sampler while the page is visible, and leaves no timer behind', () => {
    vi.useFakeTimers();
    const getStats = vi.fn(() => Promise.resolve(null));
    const sampler = new QualitySampler({ getStats, ownerOf: () => null });
    const { result, unmount } = renderHook(() => useConnectionQuality(sampler));
    expect(result.current.self).toBe('good');
    expect(sampler.running).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    setHidden(true);
    expect(sampler.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    setHidden(false);
    expect(sampler.running).toBe(true);
    unmount();
    expect(sampler.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    // Hidden and shown again after unmounting: nothing starts.
    setHidden(true);
    setHidden(false);
    expect(sampler.running).toBe(false);
  });

  it('does not start while the page is hidden', () => {
    hidden = true;
    const sampler = new QualitySampler({ getStats: () => Promise.resolve(null), ownerOf: () => null });
    const { unmount } = renderHook(() => useConnectionQuality(sampler));
    expect(sampler.running).toBe(false);
    unmount();
  });
});
