// The groups a moderator assigns to a participant, as typed ("Choir, Tenors"): split at commas,
// trimmed, without repeats, sorted, and checked against the node's limits (at most 8 groups of
// 1–40 characters). Pure; error codes only, the UI has the words.

export const MAX_GROUPS = 8;
export const MAX_GROUP_LENGTH = 40;

export type GroupsResult = { ok: true; groups: string[] } | { ok: false; error: 'too_many' | 'too_long' };

export function parseGroups(text: string): GroupsResult {
  const seen = new Set<string>();
  const groups: string[] = [];
  for (const part of text.split(',')) {
    const group = part.trim().replace(/\s+/g, ' ');
    if (group === '' || seen.has(group)) continue;
    seen.add(group);
    groups.push(group);
  }
  if (groups.some((g) => Array.from(g).length > MAX_GROUP_LENGTH)) return { ok: false, error: 'too_long' };
  if (groups.length > MAX_GROUPS) return { ok: false, error: 'too_many' };
  return { ok: true, groups: groups.sort((a, b) => a.localeCompare(b)) };
}

/** The groups as one line to edit. */
export function groupsText(groups: readonly string[]): string {
  return groups.join(', ');
}
