// The package in real n8n: `npm run test:e2e` (*.e2e.ts) and, with E2E_KIND=ui, `npm run test:ui`
// (*.ui.ts). One file at a time: each starts its own n8n processes.
/** @type {import('jest').Config} */
module.exports = {
	...require('../../jest.config.js'),
	rootDir: '../..',
	roots: ['<rootDir>/test/e2e'],
	testMatch: [process.env.E2E_KIND === 'ui' ? '**/*.ui.ts' : '**/*.e2e.ts'],
	maxWorkers: 1,
	testTimeout: 180000,
};
