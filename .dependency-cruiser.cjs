/**
 * The direction of dependencies from ../shared/design.md, enforced on every `npm test`:
 * pure code at the centre (core, analytics), storage and transport at the edges.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const nodeIo =
  '^(node:)?(fs|fs/promises|net|http|https|http2|child_process|dgram|dns|tls|cluster|worker_threads|readline|os|path|process)$';

/** Tests run under Node with the test runner: the purity rules apply to the code they test. */
const testFiles = '\\.test\\.tsx?$';

const webForbidden = ['^apps/server/', '^packages/db/', 'kysely', 'better-sqlite3', 'fastify', 'node_modules/pg/'];
const serverBundleSetup = '^apps/web/e2e/support/server-bundle\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'pure-core-no-io',
      comment: 'packages/core and packages/analytics are pure: no Node I/O, no database, no framework.',
      severity: 'error',
      from: { path: '^packages/(core|analytics)/src', pathNot: testFiles },
      to: { path: [nodeIo, 'kysely', 'better-sqlite3', '^pg$', 'node_modules/pg/', 'fastify', 'react', 'vitest'] },
    },
    {
      name: 'pure-core-no-outer-packages',
      comment: 'core and analytics depend on nothing of ours but core.',
      severity: 'error',
      from: { path: '^packages/(core|analytics)/src' },
      to: { path: '^(packages/(db|documents)|apps)/' },
    },
    {
      name: 'web-not-server-or-db',
      comment: 'The browser app never imports the server or the database layer.',
      severity: 'error',
      from: { path: '^apps/web/', pathNot: serverBundleSetup },
      to: { path: webForbidden },
    },
    {
      name: 'e2e-server-bundle-only-the-plugin',
      comment:
        "The browser tests' set-up (Node, not the browser app) bundles the server with the server's own " +
        'esbuild plugin, so that both bundles are made alike; it imports nothing else of the server.',
      severity: 'error',
      from: { path: serverBundleSetup },
      to: { path: webForbidden, pathNot: '^apps/server/src/workers/own-sources-only\\.ts$' },
    },
    {
      name: 'db-only-in-db',
      comment: 'Only packages/db imports the database drivers and Kysely.',
      severity: 'error',
      // Tests may reach into the database directly, e.g. to break it and watch the server cope.
      from: { path: '^(apps|packages/(core|analytics|documents))/', pathNot: ['^packages/db/', testFiles] },
      to: { path: ['node_modules/kysely/', 'node_modules/better-sqlite3/', 'node_modules/pg/'] },
    },
    {
      name: 'routes-not-to-store',
      comment:
        'Routes parse, call one service method and shape the reply: they never touch the Store. ' +
        'They may name its types (`import type`), nothing more.',
      severity: 'error',
      from: { path: '^apps/server/src/routes/', pathNot: testFiles },
      to: {
        path: ['^packages/db/', '(^|/)node_modules/@pollwatch/db/', '^@pollwatch/db(/|$)'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'documents-no-http-no-db',
      comment: 'packages/documents writes files from data: no HTTP, no database.',
      severity: 'error',
      from: { path: '^packages/documents/' },
      to: { path: ['^apps/', '^packages/db/', 'fastify', 'node_modules/kysely/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^(apps|packages)/[^/]+/dist/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
    },
  },
};
