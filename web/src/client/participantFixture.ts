// A participant as the room reports it, for tests: connected, microphone and camera on, named
// after its id unless `patch` says otherwise. Only tests import this; it never reaches the bundle.
import type { Participant } from '../protocol/generated';

export function participant(id: string, patch: Partial<Participant> = {}): Participant {
  return {
    id,
    display_name: id.toUpperCase(),
    roles: ['participant'],
    groups: [],
    audio: true,
    video: true,
    screen: false,
    speaking: false,
    connection: 'connected',
    joined_at: 1,
    ...patch,
  };
}
