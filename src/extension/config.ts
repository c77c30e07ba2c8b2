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

/** The environment the core reads DOCKER_HOST from: the setting wins, process.env stays untouched. */
export function engineEnv(settings: Settings = readSettings()): NodeJS.ProcessEnv {
  return settings.dockerHost ? { ...process.env, DOCKER_HOST: settings.dockerHost } : process.env;
}
