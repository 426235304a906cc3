/* Unit tests of the helpers in core/model: model_lookup (the registry's names in the error)
 * and the describe lines of model_kv (formatted values of any length, shortest numbers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "tests/testutil.h"

static void test_lookup(void **state)
{
	struct err e = {{0}};
	for (size_t i = 0; model_registry[i]; i++)
		assert_ptr_equal(model_lookup(model_registry[i]->name, &e), model_registry[i]);
	assert_string_equal(e.msg, "");
	assert_null(model_lookup("nosuch", &e));
	char want[sizeof e.msg] = "unknown model 'nosuch'; known: ";
	for (size_t i = 0; model_registry[i]; i++) {
		if (i)
			strcat(want, ", ");
		strcat(want, model_registry[i]->name);
	}
	assert_string_equal(e.msg, want);
	assert_null(model_lookup("", NULL)); /* e may be NULL */
}

static void test_kv(void **state)
{
	struct model_kv kv = {0};
	char big[600];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	model_kv_add(&kv, "k", "%s = %d", "a", 3);
	model_kv_add(&kv, "long", "<%s>", big);
	model_kv_num(&kv, "tenth", 0.1);
	assert_int_equal(kv.n, 3);
	assert_string_equal(tu_kv_get(&kv, "k"), "a = 3");
	assert_int_equal(strlen(tu_kv_get(&kv, "long")), sizeof big + 1);
	assert_string_equal(tu_kv_get(&kv, "tenth"), "0.1");
	model_kv_fini(&kv);
	assert_int_equal(kv.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_kv),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
