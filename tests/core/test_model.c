/* Unit tests of core/model's helpers: model_lookup (the registry's names in the error),
 * describe lines (values of any length; numbers exact headless, rounded on request; vectors
 * and matrices as Lua lists), series lookup with per-type names, the norms. */
#include <math.h>
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

static void test_kv_numbers(void **state)
{
	struct model_kv kv = { 0 };
	const double v[] = { 1.25, 2.25, 0.1 };
	const double m[] = { 1, 2, 3, 4, 5, 6 };
	model_kv_num(&kv, "x", 0.1);
	model_kv_vec(&kv, "v", v, 3);
	model_kv_mat(&kv, "m", m, 2, 3);
	model_kv_add(&kv, "t", "%s and %d", "text", 7);
	model_kv_vec(&kv, "empty", NULL, 0);
	model_kv_num(&kv, "third", 1.0 / 3);
	assert_int_equal(kv.n, 6);
	assert_string_equal(kv.val[0], "0.1");
	assert_string_equal(kv.val[1], "{1.25, 2.25, 0.1}");
	assert_string_equal(kv.val[2], "{{1, 2, 3}, {4, 5, 6}}");
	assert_string_equal(kv.val[3], "text and 7");
	assert_string_equal(kv.val[4], "{}");
	assert_string_equal(kv.val[5], "0.3333333333333333");
	char *t = model_kv_text(&kv, 5, 4);
	assert_string_equal(t, "0.3333");
	free(t);
	t = model_kv_text(&kv, 1, 2);
	assert_string_equal(t, "{1.2, 2.2, 0.1}");
	free(t);
	t = model_kv_text(&kv, 2, 3);
	assert_string_equal(t, "{{1, 2, 3}, {4, 5, 6}}");
	free(t);
	t = model_kv_text(&kv, 3, 3);
	assert_string_equal(t, "text and 7");
	free(t);
	t = model_kv_text(&kv, 5, 0);
	assert_string_equal(t, "0.3333333333333333");
	free(t);
	model_kv_fini(&kv);
	assert_int_equal(kv.n, 0);
}

static const struct model_series_desc series[] = {
	{ .name = "z", .flags = SERIES_F_PER_TYPE },
	{ .name = "gap" },
};
static const struct model_ops ops = { .name = "t", .series = series, .nseries = 2 };

static void test_series_names(void **state)
{
	assert_true(model_ops_has_series(&ops, "z"));
	assert_true(model_ops_has_series(&ops, "z_1"));
	assert_true(model_ops_has_series(&ops, "z_12"));
	assert_false(model_ops_has_series(&ops, "z_0x"));
	assert_false(model_ops_has_series(&ops, "z_"));
	assert_true(model_ops_has_series(&ops, "gap"));
	assert_false(model_ops_has_series(&ops, "gap_1"));
}

static void test_registry_and_norms(void **state)
{
	assert_non_null(model_find("nfg"));
	assert_null(model_find("nosuch"));
	const double a[] = { 1, -3, 2 }, b[] = { 0, 0, 0 };
	assert_true(model_norm_diff(MODEL_NORM_MAX, a, b, 3) == 3);
	assert_true(fabs(model_norm_diff(MODEL_NORM_L2, a, b, 3) - sqrt(14)) < 1e-15);
}

static void test_refs(void **state)
{
	static const struct model_vt vt = { 0 };
	struct model *m = model_alloc(&ops, &vt, NULL);
	assert_true(isnan(model_series_ref(m, "gap")));
	model_set_ref(m, "gap", 0.5);
	assert_true(model_series_ref(m, "gap") == 0.5);
	assert_true(isnan(model_series_ref(m, "z")));
	assert_true(isnan(model_series_ref(m, "nosuch")));
	model_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_kv),
		cmocka_unit_test(test_kv_numbers),
		cmocka_unit_test(test_series_names),
		cmocka_unit_test(test_registry_and_norms),
		cmocka_unit_test(test_refs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
