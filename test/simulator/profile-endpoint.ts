/** Get a profile by ID: `GET /1/profile.json?email=...` or `?identity=...` or `?objectId=...`, one per call [doc]. */
import type { IdentifierType } from './dataset';
import { faultAnswer } from './faults';
import { fail, profileNotFound, success, type Reply } from './replies';
import type { ApiCall, SimulatorState } from './simulator-state';

const IDENTIFIERS: IdentifierType[] = ['email', 'identity', 'objectId'];

export function lookUpProfile(state: SimulatorState, call: ApiCall): Reply {
	const given = IDENTIFIERS.filter((type) => (call.query.get(type) ?? '') !== '');
	// [guess] Undocumented; answered like the other misuse CleverTap reports ("Incorrect Usage", code 3).
	if (given.length !== 1) return fail(400, 'Incorrect Usage', 3);
	const [type] = given;

	const fault = state.faults.fire({ step: 'byId' });
	const answer = (): Reply => {
		const user = state.dataset.indexOf(type, call.query.get(type)!);
		return user === undefined
			? profileNotFound()
			: success({ record: state.dataset.recordOf(user) });
	};
	return (fault && faultAnswer(fault, answer)) ?? answer();
}
