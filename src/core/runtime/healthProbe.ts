// A container's own healthcheck, run once on demand. Docker runs it every `interval`; a check's stack runs
// with a long interval (checker/checkStack.ts QUIET_FILE) so that probes do not take the CPU the measured
// services need. Waiting for "healthy" would then take up to that interval after a (re)start: the waits
// run the same test themselves instead, every half second, until it passes (what Docker 25's
// `start_interval` does; Docker 20.10 and Compose v1, which CI and Debian ship, do not have it).
import type Docker from 'dockerode';
import { sleep } from './timeout';

/** The healthcheck's command as an exec argv; undefined when the container has none (or it is disabled). */
export function healthcheckArgv(test: string[] | undefined): string[] | undefined {
  if (!test?.length) return undefined;
  const [kind, ...rest] = test;
  if (kind === 'CMD' && rest.length) return rest;
  if (kind === 'CMD-SHELL' && rest.length) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined; // NONE, or inherited ([]) with nothing to inherit
}

/**
 * Runs the container's healthcheck command once inside it and resolves whether it exited 0. Undefined when
 * the container has no healthcheck. The caller bounds the time (abortSignal).
 */
export async function runHealthcheck(docker: Docker, containerId: string, abortSignal: AbortSignal): Promise<boolean | undefined> {
  const c = docker.getContainer(containerId);
  const info = await c.inspect({ abortSignal });
  const argv = healthcheckArgv(info.Config.Healthcheck?.Test);
  if (!argv || !info.State.Running || info.State.Paused) return argv ? false : undefined;
  const exec = await c.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, abortSignal } as Docker.ExecCreateOptions);
  const stream = await exec.start({ hijack: true, stdin: false, abortSignal } as Docker.ExecStartOptions);
  await new Promise<void>((resolve) => {
    const done = () => {
      abortSignal.removeEventListener('abort', cancel);
      resolve();
    };
    // A probe that outlives its caller's bound is cut off: the hijacked socket would stay open otherwise.
    const cancel = () => {
      stream.destroy();
      done();
    };
    if (abortSignal.aborted) return cancel();
    abortSignal.addEventListener('abort', cancel, { once: true });
    stream.on('end', done);
    stream.on('close', done);
    stream.on('error', done);
    stream.resume(); // the output is not needed, only the exit code
  });
  // The stream can end a moment before Docker records the exit code (Running still true, ExitCode null).
  const inspect = () => (exec as unknown as { inspect(o: { abortSignal: AbortSignal }): Promise<Docker.ExecInspectInfo> }).inspect({ abortSignal });
  let result = await inspect();
  for (let i = 0; result.Running && i < EXIT_POLLS; i++) {
    await sleep(EXIT_POLL_MS, abortSignal, 'waiting for the healthcheck exec to end');
    result = await inspect();
  }
  return !result.Running && result.ExitCode === 0;
}

const EXIT_POLLS = 20;
const EXIT_POLL_MS = 50;
