// `npm run test:e2e` (test/e2e/*.e2e.ts) and, with E2E_KIND=ui, `npm run test:ui` (*.ui.ts): the
// package in real n8n. The main config's settings, with other files: the main `npm test` matches
// only *.test.ts. One file at a time: each starts its own n8n processes.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testMatch: [process.env.E2E_KIND === 'ui' ? '**/*.ui.ts' : '**/*.e2e.ts'],
	maxWorkers: 1,
	testTimeout: 180000,
};
