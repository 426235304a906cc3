/* fuzz_util: what the fuzz harnesses share. A private working directory (exports land
 * there), the data directory, small limits for scenario code (so one input stays quick),
 * standard output sent to /dev/null (export - writes there), and a session loaded quietly.
 * Neighbours: fuzz_cmd, fuzz_scenario (the harnesses), fuzz_main (the driver that runs
 * them over the seeds without libFuzzer). */
#ifndef TATON_FUZZ_UTIL_H
#define TATON_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "cli/session.h"

/* The libFuzzer entry points each harness defines. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Once per process: working directory, limits, standard output. */
void fuzz_setup(void);
/* The data directory (lua/, scenarios/): $TATON_DATADIR, else the source tree. */
const char *fuzz_datadir(void);
/* session_init with output discarded. */
void fuzz_session_init(struct session *s);

#endif
