// The services a lab declares (its compose file's default services), for health summaries. Read through the
// core chunk (it holds the YAML parser), once per compose file; callers run after a Docker poll loaded it.
import type { LabEntry } from '../core/labs/types';
import { loadCore } from './core';

const declared = new Map<string, readonly string[]>();

export function labServices(entry: LabEntry): readonly string[] {
  let names = declared.get(entry.composeFile);
  if (!names) {
    try {
      names = loadCore().defaultServices(entry.composeFile);
    } catch {
      names = []; // a build without it, or no core: count the containers, as before
    }
    declared.set(entry.composeFile, names);
  }
  return names;
}
