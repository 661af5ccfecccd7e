import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import rule from '../no-cross-folder-import';

const ROOT = '/repo';
const options = [{ root: ROOT }];
const at = (file: string) => path.join(ROOT, file);

const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
});

describe('no-cross-folder-import', () => {
  tester.run('no-cross-folder-import', rule, {
    valid: [
      {
        code: "import { FIELDS } from '@telco-churn/core/fields';",
        filename: at('frontend/lib/form.ts'),
        options,
      },
      { code: "import { sendJson } from '../routes/respond';", filename: at('api/src/app/x.ts'), options },
      { code: "import { startStub } from '../stub';", filename: at('api/bench/coldstart.bench.ts'), options },
      {
        code: "import { FIELDS } from '../fields';",
        filename: at('packages/churn-core/src/__tests__/f.test.ts'),
        options,
      },
      { code: "import { version } from '../../package.json';", filename: at('api/src/app.ts'), options },
      { code: "import path from 'node:path';", filename: at('main.ts'), options },
    ],
    invalid: [
      {
        code: "import { FIELDS } from '../../api/src/core/fields';",
        filename: at('frontend/lib/form.ts'),
        options,
        errors: [
          {
            messageId: 'crossing',
            data: { specifier: '../../api/src/core/fields', from: 'frontend', to: 'api' },
          },
        ],
      },
      {
        code: "export { loadConfig } from './modules/config';",
        filename: at('main.ts'),
        options,
        errors: [{ messageId: 'crossing' }],
      },
      {
        code: "import { explain } from '../../xgboost-runtime/src/shap';",
        filename: at('packages/churn-core/src/factors.ts'),
        options,
        errors: [
          {
            messageId: 'crossing',
            data: {
              specifier: '../../xgboost-runtime/src/shap',
              from: 'packages/churn-core',
              to: 'packages/xgboost-runtime',
            },
          },
        ],
      },
      {
        code: "const m = await import('../../notebooks-ts/src/smote');",
        filename: at('api/src/x.ts'),
        options,
        errors: [{ messageId: 'crossing' }],
      },
      {
        code: "jest.mock('../../../api/src/config');",
        filename: at('scripts/deploy/__tests__/x.test.ts'),
        options,
        errors: [{ messageId: 'crossing' }],
      },
      {
        code: "type App = import('../../api/src/app').App;",
        filename: at('frontend/lib/x.ts'),
        options,
        errors: [{ messageId: 'crossing' }],
      },
    ],
  });
});

describe('the repository lint configuration', () => {
  const repo = path.resolve(__dirname, '..', '..', '..', '..');

  it('fails a file of the UI that imports the API by a relative path', () => {
    const eslint = path.join(repo, 'node_modules', 'eslint', 'bin', 'eslint.js');
    const run = spawnSync(
      process.execPath,
      [eslint, '--stdin', '--stdin-filename', 'frontend/lib/reach.ts'],
      {
        cwd: repo,
        input: "export { FIELDS } from '../../api/src/core/fields';\n",
        encoding: 'utf8',
      },
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/reaches from frontend into api/);
  });
});
