// Lint for test code: the simulator, the harness and the tests need Node built-ins (node:http),
// process and timers, which n8n's community rules (eslint.config.mjs, applied to the shipped
// nodes/ and credentials/) forbid. Here: the same TypeScript hygiene without those rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**'] },
	{
		files: ['test/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			// Tests may assert on loosely typed engine output.
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'no-console': ['error', { allow: ['error'] }],
		},
	},
	{
		// The demo and the simulator's command line talk to a person on the terminal.
		files: ['test/demo/**/*.ts', 'test/simulator/cli.ts', 'test/benchmark/**/*.ts'],
		rules: { 'no-console': 'off' },
	},
);
