import Joi from 'joi';
import { loadEnv, withoutEmpty } from '../env';
import { ConfigError, UsageError } from '../errors';

const schema = Joi.object<{ PORT: number; MODE: string }>({
  PORT: Joi.number().integer().min(0).max(65535).default(8000),
  MODE: Joi.string().valid('a', 'b').default('a'),
});

describe('loadEnv', () => {
  it('counts an empty or blank variable as unset, so the default applies', () => {
    expect(loadEnv(schema, { PORT: '', MODE: '  ' })).toEqual({ PORT: 8000, MODE: 'a' });
  });

  it('converts the strings of the environment and keeps unknown variables out of the way', () => {
    expect(loadEnv(schema, { PORT: '8101', HOME: '/root' })).toMatchObject({ PORT: 8101, MODE: 'a' });
  });

  it('names the first bad setting in a ConfigError', () => {
    const load = () => loadEnv(schema, { PORT: 'x', MODE: 'c' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^invalid setting PORT: PORT must be a number$/);
    try {
      load();
    } catch (error) {
      expect((error as ConfigError).setting).toBe('PORT');
      expect((error as ConfigError).cause).toBeInstanceOf(Joi.ValidationError);
    }
  });

  it('lists every bad setting when asked for all of them', () => {
    expect(() => loadEnv(schema, { PORT: 'x', MODE: 'c' }, { all: true })).toThrow(
      /invalid settings: .*PORT.*; .*MODE/,
    );
  });
});

describe('withoutEmpty', () => {
  it('drops undefined, empty and blank values and keeps the rest as they are', () => {
    expect(withoutEmpty({ A: undefined, B: '', C: ' ', D: ' x ' })).toEqual({ D: ' x ' });
  });
});

describe('UsageError', () => {
  it('ends the message with the usage line when one is given', () => {
    expect(new UsageError('--file is required', 'npm run x -- --file <f>').message).toBe(
      '--file is required\n\nusage: npm run x -- --file <f>',
    );
    expect(new UsageError('bad').message).toBe('bad');
  });
});
