import { strict as assert } from 'node:assert';
import type Docker from 'dockerode';
import { demuxBuffer, dockerodeOptions, toServiceStatus } from '../../../src/core/runtime/dockerClient';
import { LineSplitter, splitLines } from '../../../src/core/runtime/lines';

function frame(type: 1 | 2, text: string) {
  const body = Buffer.from(text);
  const head = Buffer.alloc(8);
  head[0] = type;
  head.writeUInt32BE(body.length, 4);
  return Buffer.concat([head, body]);
}

describe('runtime/dockerClient helpers', () => {
  it('demuxes stdout and stderr frames in order', () => {
    const buf = Buffer.concat([frame(1, 'out 1\n'), frame(2, 'err 1\n'), frame(1, 'out 2\n')]);
    assert.deepEqual(splitLines(demuxBuffer(buf)), ['out 1', 'err 1', 'out 2']);
  });

  it('leaves tty (unframed) output alone', () => {
    assert.equal(demuxBuffer(Buffer.from('plain text output\n')), 'plain text output\n');
  });

  it('LineSplitter joins chunks and split UTF-8 sequences', () => {
    const lines: string[] = [];
    const s = new LineSplitter((l) => lines.push(l));
    const euro = Buffer.from('€');
    s.push(Buffer.concat([Buffer.from('a\r\nb'), euro.subarray(0, 1)]));
    s.push(Buffer.concat([euro.subarray(1), Buffer.from('\nrest')]));
    s.flush();
    assert.deepEqual(lines, ['a', 'b€', 'rest']);
  });

  it('maps a container to a ServiceStatus: health from inspect, else from the status text; published ports once', () => {
    const c = {
      Id: 'abc',
      Names: ['/breakfix-x_api_1'],
      Labels: { 'com.docker.compose.service': 'api' },
      State: 'running',
      Status: 'Up 3 seconds (health: starting)',
      Ports: [
        { IP: '127.0.0.1', PrivatePort: 8080, PublicPort: 18080, Type: 'tcp' },
        { IP: '127.0.0.1', PrivatePort: 8080, PublicPort: 18080, Type: 'tcp' },
        { PrivatePort: 9000, Type: 'tcp' },
      ],
    } as unknown as Docker.ContainerInfo;
    assert.deepEqual(toServiceStatus(c), {
      service: 'api', containerId: 'abc', state: 'running', health: 'starting', name: 'breakfix-x_api_1',
      ports: [{ container: 8080, host: 18080, hostIp: '127.0.0.1' }],
    });
    const inspected = { State: { Status: 'exited', ExitCode: 3, Health: { Status: 'unhealthy' } } } as unknown as Docker.ContainerInspectInfo;
    const s = toServiceStatus({ ...c, State: 'exited', Status: 'Exited (3) 1 second ago' } as Docker.ContainerInfo, inspected);
    assert.equal(s.health, 'unhealthy');
    assert.equal(s.exitCode, 3);
  });

  it('dockerode options set every key, so a DOCKER_HOST in process.env cannot override the chosen socket', () => {
    const o = dockerodeOptions({ where: 'unix:///s.sock', socketPath: '/s.sock', source: 'test' }) as Record<string, unknown>;
    assert.ok('host' in o && o.host === undefined && o.socketPath === '/s.sock');
    assert.throws(() => dockerodeOptions({ where: 'ssh://x', source: 'DOCKER_HOST', unsupported: 'nope' }), /nope/);
  });
});
