// `node cleanup-run.ts SESSION [AGAIN_AFTER_MS]`: removes one session's lab,
// run detached by the signal handler so it finishes even when the process that
// was interrupted is gone. A second pass after a pause catches a container
// that was being created when the signal came.
import { cleanupLabs } from './cleanup.ts';

const [session, againAfter = '5000'] = process.argv.slice(2);
if (!session) {
  console.error('usage: node cleanup-run.ts SESSION [AGAIN_AFTER_MS]');
  process.exit(2);
}
await cleanupLabs(session);
await new Promise((r) => setTimeout(r, Number(againAfter)));
await cleanupLabs(session);
