import Joi from 'joi';
import { joiToOpenApi } from '../joi-to-openapi';

describe('joiToOpenApi', () => {
  it('turns required keys, integer ranges and closed enums into OpenAPI', () => {
    const schema = Joi.object({
      n: Joi.number().integer().min(1).max(9).required(),
      s: Joi.string().valid('a', 'b'),
    });
    expect(joiToOpenApi(schema)).toEqual({
      type: 'object',
      properties: {
        n: { type: 'integer', minimum: 1, maximum: 9 },
        s: { type: 'string', enum: ['a', 'b'] },
      },
      required: ['n'],
      additionalProperties: false,
    });
  });

  it('keeps open objects open and writes exclusive bounds', () => {
    const schema = Joi.object({ p: Joi.number().greater(0).less(1) }).unknown(true);
    expect(joiToOpenApi(schema)).toMatchObject({
      additionalProperties: true,
      properties: {
        p: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 1, exclusiveMaximum: true },
      },
    });
  });

  it('unions the values of both branches of a when and states the condition', () => {
    const schema = Joi.object({
      kind: Joi.string().valid('x', 'y'),
      v: Joi.string().when('kind', { is: 'x', then: Joi.valid('one'), otherwise: Joi.valid('two', 'three') }),
    });
    const v = joiToOpenApi(schema).properties?.v;
    expect(v?.enum).toEqual(['one', 'two', 'three']);
    expect(v?.['x-conditions']).toEqual([
      { when: 'kind', is: ['x'], then: ['one'], otherwise: ['two', 'three'] },
    ]);
    expect(v?.description).toContain('When kind is "x": "one".');
  });

  it('describes arrays with their item schema and size limits', () => {
    expect(joiToOpenApi(Joi.array().items(Joi.boolean()).min(1).max(3))).toEqual({
      type: 'array',
      items: { type: 'boolean' },
      minItems: 1,
      maxItems: 3,
    });
  });
});
