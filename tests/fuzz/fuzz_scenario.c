/* fuzz_scenario: libFuzzer harness for the scenario loader and the sandbox. An input is a
 * scenario file: it is written to the harness's private directory (beside two modules it
 * may require) and loaded into a session, whose runs then step, describe, reset, run their
 * done hooks and export, so hooks, game functions, --set expressions and the views all run
 * under the small limits of fuzz_util. Scenario code reaches commands only through the
 * session's safe subset, as it does in taton. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"
#include "tests/fuzz/fuzz_util.h"

static void write_file(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		return;
	fwrite(data, 1, size, f);
	fclose(f);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char mod[] = "return { rho = 0.5, f = function(x) return 2 * x end }\n";
	static const char bad[] = "error('a module that fails')\n";

	(void)argc;
	(void)argv;
	fuzz_setup();
	write_file("mod.lua", mod, sizeof mod - 1);
	write_file("bad.lua", bad, sizeof bad - 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const after[] = {
		"step 3", "describe", "params", "dynamics", "reset", "seed 7", "step",
		"set dim 2", "export out.csv", "export dist action out.csv", "help",
	};
	struct session s;
	struct err e;

	LLVMFuzzerInitialize(NULL, NULL);
	write_file("fuzz.lua", data, size);
	fuzz_session_init(&s);
	if (session_load(&s, "./fuzz.lua", &e) == 0) {
		for (size_t i = 0; i < sizeof after / sizeof after[0]; i++)
			cmd_exec(&s, after[i], &e);
		session_done(&s, &e);
	}
	session_fini(&s);
	return 0;
}
