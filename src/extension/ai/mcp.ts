// The `breakfix mcp` server offered to VS Code (contributes.mcpServerDefinitionProviders), so agent mode
// finds the lab tools without set-up: the extension's own CLI on the extension host's Node, for the
// workspace's first folder. None in Restricted Mode or without a folder; offered again when trust is
// granted, the folder changes or the Docker host setting does. Cheap: part of activation.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readSettings } from '../config';
import { MCP_PROVIDER_ID } from './names';

export const MCP_LABEL = 'Break/Fix Labs';

/** Registers the provider; undefined when this VS Code has no MCP API. */
export function registerMcpProvider(context: vscode.ExtensionContext): vscode.Disposable | undefined {
  const lm = vscode.lm as Partial<typeof vscode.lm> | undefined;
  if (typeof lm?.registerMcpServerDefinitionProvider !== 'function' || typeof vscode.McpStdioServerDefinition !== 'function') return undefined;
  const changed = new vscode.EventEmitter<void>();
  const fire = () => changed.fire();
  const version = (context.extension?.packageJSON as { version?: string } | undefined)?.version;
  return vscode.Disposable.from(
    changed,
    vscode.workspace.onDidGrantWorkspaceTrust(fire),
    vscode.workspace.onDidChangeWorkspaceFolders(fire),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('breakfix.dockerHost')) fire();
    }),
    lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      onDidChangeMcpServerDefinitions: changed.event,
      provideMcpServerDefinitions: () => mcpServers(context.extensionPath, version),
    }),
  );
}

/** `node <extension>/dist/cli.js mcp --workspace <folder>`, or none (untrusted, or no folder). */
export function mcpServers(extensionPath: string, version?: string): vscode.McpStdioServerDefinition[] {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!vscode.workspace.isTrusted || !folder) return [];
  // process.execPath is Electron in desktop VS Code: ELECTRON_RUN_AS_NODE makes it plain Node.
  const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1', BREAKFIX_LABS_DIR: path.join(extensionPath, 'labs') };
  const { dockerHost } = readSettings();
  if (dockerHost) env.DOCKER_HOST = dockerHost;
  const server = new vscode.McpStdioServerDefinition(MCP_LABEL, process.execPath, [path.join(extensionPath, 'dist', 'cli.js'), 'mcp', '--workspace', folder], env, version);
  server.cwd = vscode.Uri.file(folder);
  return [server];
}
