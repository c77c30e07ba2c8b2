import { strict as assert } from 'node:assert';
import { engineProduct } from '../../src/core/doctor';

describe('doctor', () => {
  it('names the product behind the Docker API: Podman when its version says so (it printed "Docker 4.3.1" for Podman)', () => {
    // Docker 20.10's GET /version on this machine, shortened. Podman's Docker-compatible /version names its
    // component "Podman Engine": a recorded shape, because npm test runs no Podman (test/podman/ does).
    const docker = { Platform: { Name: '' }, Components: [{ Name: 'Engine', Version: '20.10.24+dfsg1' }, { Name: 'containerd' }, { Name: 'runc' }], Version: '20.10.24+dfsg1', ApiVersion: '1.41' };
    assert.equal(engineProduct(docker), 'Docker');
    assert.equal(engineProduct({ Platform: { Name: 'Docker Engine - Community' }, Components: [{ Name: 'Engine' }], Version: '27.1.1', ApiVersion: '1.46' }), 'Docker');
    assert.equal(engineProduct({ Components: [{ Name: 'Podman Engine', Version: '4.3.1' }], Version: '4.3.1', ApiVersion: '1.41' }), 'Podman');
    assert.equal(engineProduct({ Platform: { Name: 'Podman Engine' }, Version: '4.5.0', ApiVersion: '1.41' }), 'Podman');
    assert.equal(engineProduct({ Version: '1', ApiVersion: '1.41' }), 'Docker', 'an engine that says nothing is called Docker, as before');
  });
});
