// Settings under "breakfix.*".
import * as vscode from 'vscode';

export interface Settings {
  /** "docker compose", "docker-compose", or "" to detect. */
  composeCommand: string;
  /** Overrides DOCKER_HOST for this extension when set. */
  dockerHost: string;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('breakfix');
  return {
    composeCommand: c.get<string>('composeCommand', '').trim(),
    dockerHost: c.get<string>('dockerHost', '').trim(),
  };
}

const originalDockerHost = process.env.DOCKER_HOST;

/** The core discovers the engine from DOCKER_HOST; the setting wins over the inherited value. */
export function applyDockerHost(settings: Settings = readSettings()): void {
  if (settings.dockerHost) process.env.DOCKER_HOST = settings.dockerHost;
  else if (originalDockerHost === undefined) delete process.env.DOCKER_HOST;
  else process.env.DOCKER_HOST = originalDockerHost;
}
