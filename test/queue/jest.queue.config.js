// `npm run test:queue`: the package in n8n's queue mode (main, two workers, Redis, PostgreSQL).
// The main config's settings, with other files: the main `npm test` matches only *.test.ts.
const base = require('../../jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
	...base,
	rootDir: '../..',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	maxWorkers: 1,
	testTimeout: 600000,
};
