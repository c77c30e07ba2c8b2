// The dashboard's webview type (package.json activationEvents: onWebviewPanel:breakfix.dashboard).
export const VIEW_TYPE = 'breakfix.dashboard';
