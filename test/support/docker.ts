// Docker queries shared by the integration and e2e suites (the engine's own CLI, as a learner would check).
import { execFileSync } from 'node:child_process';

/** Ids of every container, network and volume labelled with the Compose project. */
export function projectLeftovers(project: string): string[] {
  const filter = `label=com.docker.compose.project=${project}`;
  return [
    ...dockerLines(['ps', '-aq', '--filter', filter]).map((id) => `container ${id}`),
    ...dockerLines(['network', 'ls', '-q', '--filter', filter]).map((id) => `network ${id}`),
    ...dockerLines(['volume', 'ls', '-q', '--filter', filter]).map((id) => `volume ${id}`),
  ];
}

/**
 * The name of every volume on the engine. An anonymous volume (an image's VOLUME with no volume of the
 * project's mounted there) carries no project label, so projectLeftovers cannot see it: a test compares
 * this set before a stack's first `up` and after its `down`.
 */
export function volumeNames(): Set<string> {
  return new Set(dockerLines(['volume', 'ls', '-q']));
}

/** The non-empty lines a docker CLI command prints. */
function dockerLines(args: string[]): string[] {
  return execFileSync('docker', args, { encoding: 'utf8' }).split('\n').filter(Boolean);
}
