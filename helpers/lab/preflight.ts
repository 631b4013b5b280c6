// Before a run creates anything: every environment setting it reads checked at
// once (model/settings.ts), and the provider it names. One line per problem.
import { checkSettings, type Env } from '../model/settings.ts';
import { providerByName } from '../providers/registry.ts';

export function settingsProblems(env: Env = process.env): string[] {
  const problems = checkSettings(env);
  try {
    providerByName(env['LAB_PROVIDER'] || undefined);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}
