// breakfix.refreshLabs: reload the catalogue; the view re-polls stack status.
import type { CommandFactory } from './types';

export const refreshLabs: CommandFactory = (ctx) => async () => {
  ctx.log.info('Refreshing labs');
  ctx.reload();
  await ctx.ensureCatalogue();
};
