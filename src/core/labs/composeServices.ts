// The services a lab's compose file starts by default: what "all healthy" counts against. Services behind a
// profile (Grafana) start only when that profile is asked for, so they are not part of it.
import { composeServices, readComposeDoc } from '../checker/composeDoc';

/** Names of the services without `profiles`, in file order; [] when the file cannot be read. */
export function defaultServices(composeFile: string): string[] {
  try {
    return Object.entries(composeServices(readComposeDoc(composeFile)))
      .filter(([, def]) => !(Array.isArray(def.profiles) && def.profiles.length))
      .map(([name]) => name);
  } catch {
    return [];
  }
}
