// Runs the meeting's connection quality sampler while the meeting is on screen: started when the
// view mounts and the page is visible, stopped while the page is hidden and when the view goes
// away. Returns the labels to show (media/qualitySampler.ts).
import { useEffect } from 'react';
import type { ConnectionQualities } from '../../client/connectionQuality';
import type { QualitySampler } from '../../media/qualitySampler';
import { useStore } from '../hooks';

export function useConnectionQuality(sampler: QualitySampler): ConnectionQualities {
  useEffect(() => {
    const follow = () => {
      if (document.visibilityState === 'hidden') sampler.stop();
      else sampler.start();
    };
    follow();
    document.addEventListener('visibilitychange', follow);
    return () => {
      document.removeEventListener('visibilitychange', follow);
      sampler.stop();
    };
  }, [sampler]);
  return useStore(sampler);
}
