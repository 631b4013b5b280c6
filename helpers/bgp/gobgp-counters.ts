// Parser for GoBGP's own count of the messages of one session, from
// `gobgp neighbor <address> -j` (the API's Peer as JSON: state.messages.sent
// and .received, one counter per message type, absent when zero).

type Json = Record<string, unknown>;

/** UPDATE messages the speaker sent on the session (End-of-RIB markers included). */
export function parseGobgpUpdatesSent(text: string, neighbor: string): number {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new Error(`gobgp neighbor ${neighbor} -j: not JSON (${(error as Error).message}): ${text.slice(0, 300)}`);
  }
  const state = (doc as Json | null)?.['state'] as Json | undefined;
  if (!state) throw new Error(`gobgp neighbor ${neighbor} -j: no "state" in ${text.slice(0, 300)}`);
  const sent = ((state['messages'] ?? {}) as Json)['sent'] as Json | undefined;
  return Number(sent?.['update'] ?? 0);
}
