// "5/6 healthy": how the status bar, the Labs tree, the stack actions and the dashboard sum up a lab's stack.
// Counted against the services the lab declares, so a stack that is still being created (or removed) never
// reads as all healthy. Pure (no vscode).

/** Declared services that have no container (yet, or any more). */
export function missingServices(services: readonly { service: string }[], declared: readonly string[]): string[] {
  return declared.filter((d) => !services.some((s) => s.service === d));
}

/**
 * "5/6 healthy": running containers with a passing or no healthcheck, out of every container plus every
 * declared service without one. `declared`: the lab's services (labServices); empty counts the containers only.
 */
export function healthSummary(services: readonly { service: string; state: string; health: string }[], declared: readonly string[] = []): string {
  const ok = services.filter((s) => s.state === 'running' && (s.health === 'healthy' || s.health === 'none')).length;
  return `${ok}/${services.length + missingServices(services, declared).length} healthy`;
}
