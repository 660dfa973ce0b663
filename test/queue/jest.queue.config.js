// `npm run test:queue`: the package in n8n's queue mode (main, two workers, Redis, PostgreSQL).
/** @type {import('jest').Config} */
module.exports = {
	...require('../../jest.config.js'),
	rootDir: '../..',
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/*.queue.ts'],
	maxWorkers: 1,
	testTimeout: 600000,
};
