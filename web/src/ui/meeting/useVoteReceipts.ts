// The receipts of our ballots in secret votes, kept in this browser so that a reload still shows
// them: each receipt the node gives us is stored (client/votes.ts: by room, the vote's start and
// number), and the receipts of the meeting's votes are returned by vote id, the fresh ones first.
// No markup.
import { useEffect, useMemo, useState } from 'react';
import { loadReceipts, receiptKey, saveReceipt, type VotesState } from '../../client/votes';
import type { RoomId } from '../../protocol/generated';
import { useServices } from '../services';

export function useVoteReceipts(roomId: RoomId | null, votes: VotesState): Readonly<Record<number, string>> {
  const { storage } = useServices();
  const [kept, setKept] = useState(() => loadReceipts(storage));
  const { mine, votes: list } = votes;

  useEffect(() => {
    if (roomId === null) return;
    const fresh: Record<string, string> = {};
    for (const vote of list) {
      const receipt = mine[vote.id]?.ballot.receipt;
      if (receipt === undefined) continue;
      const key = receiptKey(roomId, vote);
      if (kept[key] === receipt) continue;
      saveReceipt(storage, key, receipt);
      fresh[key] = receipt;
    }
    // Known from now on even where the storage cannot keep it.
    if (Object.keys(fresh).length > 0) setKept((current) => ({ ...current, ...fresh }));
  }, [roomId, mine, list, kept, storage]);

  return useMemo(() => {
    const byVote: Record<number, string> = {};
    if (roomId === null) return byVote;
    for (const vote of list) {
      const receipt = mine[vote.id]?.ballot.receipt ?? kept[receiptKey(roomId, vote)];
      if (receipt !== undefined) byVote[vote.id] = receipt;
    }
    return byVote;
  }, [roomId, list, mine, kept]);
}
