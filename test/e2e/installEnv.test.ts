// The real-editor tools are installed by npm from inside `npm test`. What the outer npm says
// about itself must not reach those installs: code-server's install script took the outer
// npm's Node 20 user agent for its own and refused to install under Node 24.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { installEnv } from './harness/install';

const outer: NodeJS.ProcessEnv = {
  PATH: '/usr/bin',
  HOME: '/root',
  npm_config_user_agent: 'npm/11.19.1 node/v20.20.2 linux x64 workspaces/false',
  npm_config_npm_version: '11.19.1',
  npm_config_local_prefix: '/work/project',
  npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
  npm_node_execpath: '/usr/bin/node',
  npm_package_name: 'error-codes',
  npm_lifecycle_event: 'test',
  npm_config_registry: 'https://registry.example/',
  npm_config_cache: '/tmp/npm-cache',
  npm_config_cafile: '/etc/ssl/certs/ca-certificates.crt',
};

describe("the environment of the real-editor tools' installs", () => {
  it('leaves out what describes the outer npm process, so an install script sees the Node it runs on', () => {
    const env = installEnv('/opt/node24/bin', outer);
    for (const key of [
      'npm_config_user_agent',
      'npm_config_npm_version',
      'npm_config_local_prefix',
      'npm_execpath',
      'npm_node_execpath',
      'npm_package_name',
      'npm_lifecycle_event',
    ]) {
      assert.equal(env[key], undefined, key);
    }
    assert.equal(env.PATH, `/opt/node24/bin${path.delimiter}/usr/bin`);
  });

  it("keeps the machine's npm configuration: registry, cache and certificates", () => {
    const env = installEnv(undefined, outer);
    assert.equal(env.npm_config_registry, outer.npm_config_registry);
    assert.equal(env.npm_config_cache, outer.npm_config_cache);
    assert.equal(env.npm_config_cafile, outer.npm_config_cafile);
    assert.equal(env.HOME, '/root');
    assert.equal(env.PATH, '/usr/bin');
  });
});
