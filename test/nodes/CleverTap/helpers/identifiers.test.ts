import { isEmailAddress, isNotFoundMessage } from '../../../../nodes/CleverTap/helpers/identifiers';

it.each([
	['Profile not found', true],
	['User Not Found', true],
	['No user found', true],
	['no such profile', true],
	['Record does not exist', true],
	['Invalid Credentials', false],
	['Request still in progress, please retry later', false],
	['', false],
])('isNotFoundMessage(%p) is %p', (message, notFound) => {
	expect(isNotFoundMessage(message)).toBe(notFound);
});

it.each([
	['jane@example.com', true],
	['a.b+c@sub.example.co.uk', true],
	['jane@', false],
	['@example.com', false],
	['jane@example', false],
	['ja ne@example.com', false],
])('isEmailAddress(%p) is %p', (value, isEmail) => expect(isEmailAddress(value)).toBe(isEmail));
