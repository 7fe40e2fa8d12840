// The node's refusal of a command sent from a panel: the panel tells which command it sent (its
// id, or null when it could not be sent), and gets the node's message once, when the room's last
// error answers exactly that command. A newer command clears an older refusal. No markup.
import { useCallback, useEffect, useState } from 'react';
import type { RoomError } from '../../client/roomStore';

export interface CommandRefusal {
  /** The node's message for the last command sent, once it refused it. */
  refusal: string | null;
  /** A command was sent (its id), or could not be sent (null). */
  sent(id: number | null): void;
}

export function useCommandRefusal(lastError: RoomError | null): CommandRefusal {
  const [pending, setPending] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(() => {
    if (lastError === null || pending === null || lastError.id !== pending) return;
    setRefusal(lastError.message);
    setPending(null);
  }, [lastError, pending]);
  const sent = useCallback((id: number | null) => {
    setRefusal(null);
    setPending(id);
  }, []);
  return { refusal, sent };
}
