// Checks the host can run the lab before anything is built or created, with
// messages that say what to do.
import { runHost } from '../exec/host.ts';

export async function assertDockerReachable(): Promise<string> {
  try {
    const { stdout } = await runHost(['docker', 'version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}})'], { timeoutMs: 20_000 });
    return stdout.trim();
  } catch (error) {
    const reason = (error as Error).message;
    if (/ENOENT/.test(reason)) throw new Error('the docker command is not installed: install Docker (Debian: apt-get install docker.io) and retry');
    throw new Error(`Docker is not reachable: ${reason}\nStart the Docker engine (systemctl start docker, or dockerd &) or point DOCKER_HOST at one, then retry.`);
  }
}
