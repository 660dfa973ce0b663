import { getGlobalState, type IPollFunctions } from 'n8n-workflow';

import { workflowTimeZone } from '../../../../nodes/CleverTap/descriptions/dateRange';

const workflowIn = (zone: string) => ({ getTimezone: () => zone }) as unknown as IPollFunctions;

it('a workflow left on n8n\'s default zone ("DEFAULT") counts days in the instance\'s zone', () => {
	expect(workflowTimeZone(workflowIn('DEFAULT'))).toBe(getGlobalState().defaultTimezone);
});

it('a workflow with its own zone counts days in it', () => {
	expect(workflowTimeZone(workflowIn('Pacific/Auckland'))).toBe('Pacific/Auckland');
});
