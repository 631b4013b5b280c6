// Prints what a red run failed on, as markdown for a CI step summary.
// Usage: node scripts/failure-summary.ts reports/latest/junit.xml [run.log]
import { existsSync, readFileSync } from 'node:fs';
import { failureSummary } from '../helpers/report/failure-summary.ts';

const [junit = 'reports/latest/junit.xml', log] = process.argv.slice(2);
const read = (path: string | undefined) => (path && existsSync(path) ? readFileSync(path, 'utf8') : '');
console.log(failureSummary(read(junit), read(log)));
