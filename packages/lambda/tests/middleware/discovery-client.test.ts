import { describe, expect, it } from 'vitest';
import { discoveryClientOptions } from '../../src/middleware/discovery-client.js';

describe('discoveryClientOptions', () => {
  it.each([
    [{ clientConfig: { endpoint: 'http://127.0.0.1:4566' } }, {}, true],
    [{ clientConfig: { endpoint: 'http://localhost:4566' } }, {}, true],
    [{ clientConfig: { endpoint: 'http://[::1]:4566' } }, {}, true],
    [undefined, { AWS_ENDPOINT_URL_SERVICEDISCOVERY: 'http://127.0.0.1:9' }, true],
    [{ clientConfig: {} }, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9' }, true],
    [
      { clientConfig: {} },
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:9', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
      undefined,
    ],
    [{ clientConfig: { endpoint: 'https://servicediscovery.vpce.example.com' } }, {}, undefined],
    [{ clientConfig: { endpoint: 'http://127.0.0.1:4566', disableHostPrefix: false } }, {}, false],
    [undefined, {}, undefined],
  ])(
    'turns the data- host prefix off only in front of an IP or localhost endpoint (%j, %j)',
    (given, env, expected) => {
      // Act
      const options = discoveryClientOptions(given, env);
      // Assess
      expect(options.clientConfig?.disableHostPrefix).toBe(expected);
    },
  );
});
