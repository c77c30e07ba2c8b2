// The dashboard's HTML and its Content Security Policy. No vscode import: unit-tested as strings.
/** 128 random bits, hex: a fresh nonce for every HTML the panel gets (Web Crypto: no module to load at activation). */
export function makeNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Nothing by default; images, styles and fonts only from the extension's webview folder
 * (`cspSource`), styles and the one script also by nonce. No connect-src: the webview never talks
 * to the network, the host polls Prometheus and posts the points.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export interface DashboardHtmlOptions {
  cspSource: string;
  nonce: string;
  /** Webview URIs (asWebviewUri) of dist/webview files. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function dashboardHtml(o: DashboardHtmlOptions): string {
  const attr = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(o.codiconUri)}" id="vscode-codicon-stylesheet">
<link rel="stylesheet" href="${attr(o.styleUri)}">
<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="boot">Loading the dashboard…</p></main>
<script type="module" nonce="${attr(o.nonce)}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
}
