/**
 * `npx tsx test/benchmark/cpu-profile-summary.ts FILE.cpuprofile [TOP]`: where a contender's time went,
 * from a `--cpu-prof` profile: self time by function and by package, highest first.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

const [file, topArgument] = process.argv.slice(2);
const top = Number(topArgument ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, index) => {
	selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
});

/** node_modules/<package> or the repository folder a script is from. */
function packageOf(url: string): string {
	if (url === '') return '(V8 / native)';
	const match = /node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules)/.exec(url);
	if (match) return match[1];
	if (url.startsWith('node:')) return 'node:*';
	return url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|test)\//, '$1/');
}

const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
for (const [id, ms] of selfMs) {
	const { callFrame } = byId.get(id)!;
	const name = `${callFrame.functionName || '(anonymous)'}  ${packageOf(callFrame.url)}:${callFrame.lineNumber + 1}`;
	byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
	const pkg = packageOf(callFrame.url).split('/').slice(0, 3).join('/');
	byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
	total += ms;
}
const show = (title: string, entries: Map<string, number>) => {
	console.log(`\n${title} (of ${total.toFixed(0)} ms sampled)`);
	for (const [name, ms] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
		console.log(
			`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`,
		);
	}
};
show('self time by function', byFunction);
show('self time by package', byPackage);
