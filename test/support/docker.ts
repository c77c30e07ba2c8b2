// Docker queries shared by the integration and e2e suites (the engine's own CLI, as a learner would check).
import { execFileSync } from 'node:child_process';

/** Ids of every container, network and volume labelled with the Compose project. */
export function projectLeftovers(project: string): string[] {
  const filter = `label=com.docker.compose.project=${project}`;
  const q = (args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
  return [
    ...q(['ps', '-aq', '--filter', filter]).map((id) => `container ${id}`),
    ...q(['network', 'ls', '-q', '--filter', filter]).map((id) => `network ${id}`),
    ...q(['volume', 'ls', '-q', '--filter', filter]).map((id) => `volume ${id}`),
  ];
}

/**
 * The name of every volume on the engine. An anonymous volume (an image's VOLUME with no volume of the
 * project's mounted there) carries no project label, so projectLeftovers cannot see it: a test compares
 * this set before a stack's first `up` and after its `down`.
 */
export function volumeNames(): Set<string> {
  return new Set(execFileSync('docker', ['volume', 'ls', '-q'], { encoding: 'utf8' }).split('\n').filter(Boolean));
}
