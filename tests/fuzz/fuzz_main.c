/* fuzz_main: runs a fuzz harness over files without libFuzzer (make check, or a compiler
 * without -fsanitize=fuzzer): each argument is a file or a directory of files (read in name
 * order), each file one input. Names each input on standard error before running it, and
 * at the end "N inputs"; a crash or a sanitizer report ends the program there. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tests/fuzz/fuzz_util.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t len = 0, cap = 0, got;

	if (!f) {
		perror(path);
		return -1;
	}
	do {
		if (cap - len < 4096)
			buf = realloc(buf, cap = 2 * cap + 8192);
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	fclose(f);
	fprintf(stderr, "fuzz input: %s\n", path);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir, int *n)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	char **names = NULL;
	size_t count = 0;
	int rc = 0;

	if (!d) {
		perror(dir);
		return -1;
	}
	while ((ent = readdir(d))) {
		if (ent->d_name[0] == '.')
			continue;
		names = realloc(names, (count + 1) * sizeof *names);
		names[count] = malloc(strlen(dir) + strlen(ent->d_name) + 2);
		sprintf(names[count++], "%s/%s", dir, ent->d_name);
	}
	closedir(d);
	qsort(names, count, sizeof *names, cmp_str);
	for (size_t i = 0; i < count; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			rc |= run_file(names[i]);
			(*n)++;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int n = 0, rc = 0;

	LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			rc = 1;
		} else if (S_ISDIR(st.st_mode)) {
			rc |= run_dir(argv[i], &n) != 0;
		} else {
			rc |= run_file(argv[i]) != 0;
			n++;
		}
	}
	fprintf(stderr, "%d inputs\n", n);
	return rc;
}
