// Which of a rogue speaker's announcements the router took: in its BGP table
// (a path from the rogue) or in its kernel (a route via the rogue). Pure: the
// router's reads in, one line per accepted announcement out.
import type { FibRoute, ReceivedRoute } from '../bgp/model.ts';

export function acceptedRogueRoutes(
  announced: readonly string[], table: readonly ReceivedRoute[], kernel: Readonly<Record<string, FibRoute | undefined>>, rogue: string,
): string[] {
  return announced.flatMap((prefix) => {
    const paths = table.filter((r) => r.prefix === prefix && (r.neighbor === rogue || r.nextHop === rogue));
    const installed = kernel[prefix]?.nextHops.some((h) => h.address === rogue) ?? false;
    if (paths.length === 0 && !installed) return [];
    const where = [
      ...paths.map((p) => `in the BGP table from ${p.neighbor} (AS path ${p.asPath.join(' ') || 'empty'})`),
      ...(installed ? [`in the kernel via ${rogue}`] : []),
    ];
    return [`${prefix}: ${where.join(', ')}`];
  });
}
