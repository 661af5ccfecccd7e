// An ESLint rule: a relative import must stay inside its own part of the repository. The parts
// are the top-level folders (api/, frontend/, notebooks-ts/, modules/, scripts/, postman/), each
// package under packages/, and each top-level file (main.ts). Anything shared is a package and is
// imported by its name (`@telco-churn/core/fields`), so the folders show what depends on what.
// CommonJS so that eslint.config.mjs and the jest test load the same file.
const path = require('node:path');

/** The part of the repository a path belongs to: `api`, `packages/churn-core`, `main.ts`, or '' for outside. */
function partOf(root, file) {
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return '';
  const [first, second] = rel.split(path.sep);
  if (first === 'packages' && second) return `packages/${second}`;
  return first;
}

/** Parts whose sources other parts must not reach by path; root files such as package.json may be read. */
function isGuarded(root, part) {
  if (!part || part === 'node_modules') return false;
  if (part.startsWith('packages/')) return true;
  const full = path.join(root, part);
  return /\.(ts|tsx|js|mjs|cjs)$/.test(part) || !path.extname(part) || isDirectory(full);
}

function isDirectory(full) {
  try {
    return require('node:fs').statSync(full).isDirectory();
  } catch {
    return false;
  }
}

/** @type {import('eslint').Rule.RuleModule} */
module.exports = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Relative imports stay inside their top-level folder or package; cross by package name.',
    },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      crossing:
        "'{{specifier}}' reaches from {{from}} into {{to}}: import a package by its name (@telco-churn/…) instead",
    },
  },
  create(context) {
    const root = path.resolve((context.options[0] && context.options[0].root) || context.cwd);
    const file = context.filename;
    const from = partOf(root, file);
    if (!from) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
      const to = partOf(root, path.resolve(path.dirname(file), specifier));
      if (to === from || !isGuarded(root, to)) return;
      context.report({ node, messageId: 'crossing', data: { specifier, from, to } });
    }
    const checkSource = (node) => node.source && check(node.source, node.source.value);

    return {
      ImportDeclaration: checkSource,
      ExportNamedDeclaration: checkSource,
      ExportAllDeclaration: checkSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: (node) => {
        // typescript-eslint 8.x names the string `source`; older versions wrap it in `argument`.
        const literal = node.source || (node.argument && node.argument.literal);
        if (literal) check(literal, literal.value);
      },
      CallExpression(node) {
        const callee = node.callee;
        const name =
          callee.type === 'Identifier'
            ? callee.name
            : callee.type === 'MemberExpression' && callee.object.type === 'Identifier'
              ? `${callee.object.name}.${callee.property.name}`
              : '';
        const first = node.arguments[0];
        const takesPath = ['require', 'require.resolve', 'jest.mock', 'jest.requireActual', 'jest.doMock'];
        if (takesPath.includes(name) && first && first.type === 'Literal') check(first, first.value);
      },
    };
  },
};
