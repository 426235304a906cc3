/* fuzz_cmd: libFuzzer harness for the command parser and the commands behind it. An input
 * is up to MAX_LINES command lines run on a session of the shipped cournot scenario, as the
 * user types them (cmd_exec: export and load are reachable) or, for a line that starts
 * with the byte 0x01, as scenario code would (cmd_exec_script: the safe subset). Export
 * paths stay in the harness's private directory ('/' becomes '_'), and `step` counts above
 * MAX_STEPS are skipped so an input stays quick; nothing else is filtered. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/session.h"
#include "tests/fuzz/fuzz_util.h"

#define MAX_LINES 32
#define MAX_STEPS 200

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_setup();
	return 0;
}

/* The first word of line, into word (size bytes); a pointer after it. */
static const char *first_word(const char *line, char *word, size_t size)
{
	size_t n = 0;

	while (*line == ' ' || *line == '\t')
		line++;
	while (*line && *line != ' ' && *line != '\t' && n + 1 < size)
		word[n++] = *line++;
	word[n] = '\0';
	return line;
}

static void run_line(struct session *s, char *line)
{
	struct err e;
	char word[16];
	const char *rest;
	int script = line[0] == '\x01';

	if (script)
		line++;
	rest = first_word(line, word, sizeof word);
	if (strcmp(word, "export") == 0)
		for (char *c = line; *c; c++)
			if (*c == '/')
				*c = '_';
	if (strcmp(word, "step") == 0 && strtol(rest, NULL, 10) > MAX_STEPS)
		return;
	if (script)
		cmd_exec_script(s, line, &e);
	else
		cmd_exec(s, line, &e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session s;
	struct err e;
	char *text = malloc(size + 1), *line, *next;
	int n = 0;

	fuzz_setup();
	memcpy(text, data, size);
	text[size] = '\0'; /* a NUL inside ends the input, as a C string would */
	fuzz_session_init(&s);
	if (session_load(&s, "cournot", &e) == 0)
		for (line = text; line && n < MAX_LINES; line = next, n++) {
			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			run_line(&s, line);
			if (s.quit)
				break;
		}
	session_fini(&s);
	free(text);
	return 0;
}
