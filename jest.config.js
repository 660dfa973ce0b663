/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	reporters: ['default', '<rootDir>/test/support/summary-line-reporter.js'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	// Workflow tests start a simulator and run n8n's engine: give them room on a 2-core machine.
	testTimeout: 30000,
};
