import { plainJsonField } from '../../../../nodes/CleverTap/helpers/expressions';

it.each([
	['={{ $json.id }}', 'id'],
	['={{$json["e-mail"]}}', 'e-mail'],
	["={{ $json['id'] }}", 'id'],
	['={{ $json.id.trim() }}', undefined],
	['={{ $json.a }} {{ $json.b }}', undefined],
	['$json.id', undefined],
])('reads %s as the plain field %s', (expression, field) => {
	expect(plainJsonField(expression)).toBe(field);
});
