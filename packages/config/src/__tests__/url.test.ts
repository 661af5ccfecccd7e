import Joi from 'joi';
import { loadEnv } from '../env';
import { ConfigError } from '../errors';
import { httpUrl } from '../url';

const schema = Joi.object<{ ENDPOINT_URL?: string }>({ ENDPOINT_URL: httpUrl() });
const load = (value: string) => loadEnv(schema, { ENDPOINT_URL: value });

describe('httpUrl', () => {
  it.each([
    'http://127.0.0.1:8080',
    'https://runtime.sagemaker.eu-central-1.amazonaws.com',
    'http://[::1]:9000/x',
  ])('accepts the http(s) URL %s as it is', (url) => {
    expect(load(url)).toEqual({ ENDPOINT_URL: url });
  });

  it.each(['ftp://example.com', 'file:///etc/passwd', 'localhost:8080', 'not a url', 'http://'])(
    'refuses %s with a message naming the setting',
    (url) => {
      expect(() => load(url)).toThrow(ConfigError);
      expect(() => load(url)).toThrow(
        'invalid setting ENDPOINT_URL: ENDPOINT_URL must be an http or https URL, e.g. http://127.0.0.1:8080',
      );
    },
  );
});
