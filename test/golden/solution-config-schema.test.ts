/**
 * The editor JSON Schema of the config file (schemas/solution-config.schema.json) is generated from the TypeBox shape
 * the loader checks against, so the two cannot drift: this test compares them byte for byte.
 * To regenerate after changing lib/solution/config-shape.ts: `UPDATE_GOLDEN=1 npx jest test/golden`.
 */
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { solutionConfigJsonSchema } from '../../lib/solution/config-shape';

const FILE = path.join(__dirname, '..', '..', 'schemas', 'solution-config.schema.json');

describe('editor JSON Schema of the solution config', () => {
  const generated = `${JSON.stringify(solutionConfigJsonSchema(), null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(FILE, generated);

  test('the committed schema is the generated one', () => {
    const committed = readFileSync(FILE, 'utf8');
    if (committed !== generated) {
      throw new Error('schemas/solution-config.schema.json is stale: UPDATE_GOLDEN=1 npx jest test/golden, then commit it');
    }
  });

  test('an editor validating with it accepts the documented example and flags a typo', () => {
    const validate = new Ajv({ strict: false, allErrors: true }).compile(JSON.parse(readFileSync(FILE, 'utf8')));
    const doc = readFileSync(path.join(__dirname, '..', '..', 'docs', 'stacks.md'), 'utf8');
    const example = /```yaml file=cluster\.yaml\n([\s\S]*?)```/.exec(doc)![1];
    expect(validate(parse(example))).toBe(true);
    expect(validate({ vcenters: [{ server: 'vc01', datacentres: ['DC1'] }] })).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ keyword: 'additionalProperties', params: { additionalProperty: 'datacentres' } }),
    );
    expect(validate({ example: true, kubekey: { containerManager: 'cri-o' } })).toBe(false);
  });
});
