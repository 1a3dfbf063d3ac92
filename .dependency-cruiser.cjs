/** The hexagon's dependency rule (STYLE.md §3), checked by `npm run lint`. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure', severity: 'error',
      comment: 'domain/ imports only domain/: no npm packages, no node built-ins, no adapters. One exception: a pure algorithm with no I/O (edit distance for name likeness).',
      from: { path: '^domain/' },
      to: { pathNot: ['^domain/', '^node_modules/fastest-levenshtein/'] },
    },
    {
      name: 'use-cases-know-no-adapters', severity: 'error',
      comment: 'Use cases reach adapters only through ports; main.ts and compose.ts wire them.',
      from: { path: '^src/', pathNot: ['^src/(main|compose|compose-[a-z]+|config)\\.ts$'] },
      to: { path: '^(adapters|jobs)/' },
    },
    {
      name: 'adapters-stay-in-their-lane', severity: 'error',
      comment: 'An adapter may use shared adapter helpers at the top of adapters/, not another adapter.',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/[^/]+/', pathNot: ['^adapters/$1/'] },
    },
    {
      name: 'adapters-import-only-types-from-src', severity: 'error',
      comment: 'Adapters implement the core\'s ports and read its types; values (functions, constants) reach them from compose.',
      from: { path: '^adapters/' },
      to: { path: '^src/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'jobs-call-use-cases', severity: 'error',
      from: { path: '^jobs/' },
      to: { path: '^adapters/' },
    },
    {
      name: 'billing-builds-on-proposals', severity: 'error',
      comment: 'Billing schedules come from accepted proposals, so proposals never import billing: the two folders stay out of a loop.',
      from: { path: '^domain/proposals/' },
      to: { path: '^domain/billing/' },
    },
    {
      name: 'no-circular', severity: 'error',
      from: {}, to: { circular: true },
    },
    {
      name: 'no-orphans', severity: 'warn',
      from: { orphan: true, pathNot: ['\\.d\\.ts$', '(^|/)tsconfig\\.json$', '\\.(c|m)?js$'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
