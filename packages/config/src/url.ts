import Joi from 'joi';

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
};

/**
 * An http(s) URL setting, read as the WHATWG URL parser reads it (as Node and the AWS SDK will).
 * Not joi's `uri()`: that builds an RFC 3986 regular expression on first use, ~30 ms of a
 * Lambda cold start whenever an endpoint URL is set.
 */
export function httpUrl(): Joi.StringSchema {
  return Joi.string()
    .custom((value: string) => {
      if (!isHttpUrl(value)) throw new Error('not an http(s) URL');
      return value;
    })
    .messages({ 'any.custom': '{#label} must be an http or https URL, e.g. http://127.0.0.1:8080' });
}
