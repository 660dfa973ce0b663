// tsc compiles only TypeScript. n8n also needs each node's icons and its codex file
// (CleverTap.node.json) next to the compiled node, so the build copies them into dist/.
const { src, dest, series } = require('gulp');

const ASSETS = ['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'];

function copyAssets() {
	// encoding: false keeps binary icons (PNG) byte for byte under gulp 5.
	return src(ASSETS, { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:assets'] = series(copyAssets);
exports['build:icons'] = exports['build:assets'];
exports.default = exports['build:assets'];
