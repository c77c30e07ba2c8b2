// breakfix.openGrafana: the lab's stack with its Grafana (the `grafana` compose profile, provisioned with the
// lab's Prometheus and dashboard), then the browser at that dashboard.
import * as vscode from 'vscode';
import { dockerCore } from '../docker';
import { reportError } from '../errors';
import { resolveLab } from '../pickLab';
import { withCancellableProgress } from '../progress';
import { bringStackUpWithGrafana } from '../stackUp';
import { requireDocker } from '../trust';
import type { CommandFactory } from './types';

const TITLE = 'Open in Grafana';

export const openGrafana: CommandFactory = (ctx) => async (arg) => {
  if (!requireDocker(TITLE)) return;
  const entry = await resolveLab(ctx, arg, { title: TITLE });
  if (!entry) return;
  const id = entry.lab.id;
  try {
    dockerCore().grafanaPlan(entry); // no Grafana in the lab: say so before starting anything
  } catch (err) {
    reportError(ctx, `${TITLE}: ${id}`, err);
    return;
  }
  ctx.log.show(true);
  await withCancellableProgress(`Starting Grafana for ${id}`, async (signal, report) => {
    try {
      const { url } = await bringStackUpWithGrafana(ctx, entry, signal, report);
      ctx.log.info(`${id}: Grafana is up; its dashboard is at ${url}`);
      const opened = await vscode.env.openExternal(vscode.Uri.parse(url));
      if (!opened) void vscode.window.showInformationMessage(`${id}: Grafana's dashboard is at ${url}`);
    } catch (err) {
      reportError(ctx, `Starting Grafana for ${id}`, err, signal);
    }
  });
};
