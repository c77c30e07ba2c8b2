// The runtime: reach the Docker engine (dockerode) and drive Compose stacks.
export * from './types';
export { withTimeout, isCancelled, sleep, DEFAULT_CALL_TIMEOUT_MS } from './timeout';
export { discoverEndpoints, endpointFromDockerHost, currentContextEndpoint, contextDirName } from './discovery';
export type { DiscoveryOptions } from './discovery';
export { createDockerClient, isUnreachable, PROJECT_LABEL, SERVICE_LABEL } from './dockerClient';
export type { DockerClient, DockerVersionInfo, ContainerInspect, ContainerNetwork, FollowOptions, ImageBuildSpec } from './dockerClient';
export { ensureLabKit, kitDirFor, kitImage, KIT_DIGEST_LABEL } from './kit';
export { connectEngine, PING_TIMEOUT_MS } from './engine';
export type { ConnectOptions } from './engine';
export { detectCompose, runCompose, supportsWait, parseCommandLine, COMPOSE_ENV_VAR } from './compose';
export type { DetectComposeOptions, RunOptions, RunResult } from './compose';
export {
  projectName,
  composeFiles,
  composeProjectArgs,
  declaredProfiles,
  stackUp,
  stackDown,
  stackStatus,
  stackLogs,
  OVERRIDES_ENV_VAR,
} from './stack';
export type { StackOptions, StackUpOptions, StackLogsOptions } from './stack';
export { hostUrl, serviceContainers, TargetError } from './targets';
export { callAction, getJson, getPath, targetUrl, HttpCallError } from './http';
