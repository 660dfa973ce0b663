import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { AUTH_FAILURE_HINT, PLAIN_HTTP_HINT } from '../nodes/CleverTap/helpers/advice';
import { MAY_SEND_PASSCODE_EXPRESSION } from '../nodes/CleverTap/helpers/baseUrl';

// The test request of a plain http:// Base URL the node would refuse goes out without the
// passcode (n8n offers no way to stop it), so its refusal names that cause too.
const REFUSED_MESSAGE = `CleverTap refused these credentials. ${AUTH_FAILURE_HINT} A plain http:// Base URL on another machine gets no passcode: ${PLAIN_HTTP_HINT}`;

// n8n's test can only answer a status with a fixed message; CleverTap never redirects API calls.
const REDIRECTED_MESSAGE =
	'The address redirected the test to another address, which the credential does not follow (the passcode would go along). Check the Base URL, or a proxy on the way.';
const REDIRECT_CODES = [301, 302, 303, 307, 308];

export class CleverTapApi implements ICredentialType {
	name = 'cleverTapApi';

	displayName = 'CleverTap API';

	icon: Icon = {
		light: 'file:../nodes/CleverTap/clevertap.svg',
		dark: 'file:../nodes/CleverTap/clevertap.dark.svg',
	};

	documentationUrl = 'https://github.com/n8n-nodes-clevertap/n8n-nodes-clevertap#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Account ID',
			name: 'accountId',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'W9R-486-4W5Z',
			description:
				'Your CleverTap project (account) ID. In the CleverTap dashboard: Settings > Project.',
		},
		{
			displayName: 'Passcode',
			name: 'passcode',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'An account passcode with access to the APIs the workflows use (Get User Profiles and Events, Upload, Delete). In the CleverTap dashboard: Settings > Passcodes.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			// Each value is the region's API base URL, so requests and the credential test use it as is.
			options: [
				{ name: 'Europe (eu1, shown as Global)', value: 'https://eu1.api.clevertap.com' },
				{ name: 'India (in1)', value: 'https://in1.api.clevertap.com' },
				{ name: 'Singapore (sg1)', value: 'https://sg1.api.clevertap.com' },
				{ name: 'United States (us1)', value: 'https://us1.api.clevertap.com' },
				{ name: 'Indonesia (aps3)', value: 'https://aps3.api.clevertap.com' },
				{ name: 'Middle East / UAE (mec1)', value: 'https://mec1.api.clevertap.com' },
				{ name: 'South Korea (sk1)', value: 'https://sk1.api.clevertap.com' },
				{ name: 'Custom URL', value: 'custom' },
			],
			default: 'https://eu1.api.clevertap.com',
			description:
				"The data centre your account lives in: the region in your dashboard's URL (for example us1.dashboard.clevertap.com is United States). A wrong region is refused like a wrong passcode.",
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://proxy.example.com',
			description:
				'The https:// address to send CleverTap API calls to, for a proxy. Plain http:// is accepted for this machine (localhost, 127.x.x.x, [::1]), such as the bundled simulator at http://127.0.0.1:8787.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName: 'Allow Unencrypted HTTP',
			name: 'allowPlainHttp',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept a plain http:// Base URL on another machine. Off, such an address is refused before anything is sent.',
			displayOptions: { show: { region: ['custom'] } },
		},
		{
			displayName:
				'The passcode then crosses the network unencrypted: anyone on the way can read it and use your CleverTap account. Use this only on a network you trust.',
			name: 'plainHttpNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { region: ['custom'], allowPlainHttp: [true] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'X-CleverTap-Account-Id': '={{$credentials.accountId}}',
				// The node refuses such a URL before any request; this keeps the credential test from sending it.
				'X-CleverTap-Passcode': `={{ ${MAY_SEND_PASSCODE_EXPRESSION} ? $credentials.passcode : "" }}`,
			},
		},
	};

	// A lookup of an identity nobody has: good credentials get a "not found" answer (HTTP 200);
	// bad ones, or the wrong region, get HTTP 401 "Invalid Credentials".
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.region === "custom" ? $credentials.baseUrl : $credentials.region}}',
			url: '/1/profile.json',
			qs: { identity: 'n8n-credential-test' },
			disableFollowRedirect: true,
		},
		rules: [
			{ type: 'responseCode', properties: { value: 401, message: REFUSED_MESSAGE } },
			{ type: 'responseCode', properties: { value: 403, message: REFUSED_MESSAGE } },
			...REDIRECT_CODES.map((value) => ({
				type: 'responseCode' as const,
				properties: { value, message: REDIRECTED_MESSAGE },
			})),
		],
	};
}
