# Headless runs, sweeps, list/describe, help/version, and --plot.
noinst_LIBRARIES += libbatch.a
libbatch_a_SOURCES = \
	src/batch/batch.c src/batch/batch.h \
	src/batch/jobs.c src/batch/jobs.h \
	src/batch/vary.c src/batch/vary.h \
	src/batch/merge.c \
	src/batch/help.c src/batch/help.h \
	src/batch/plot.c src/batch/plot.h
libbatch_a_CFLAGS = $(AM_CFLAGS)
