# Headless runs, sweeps, list/describe, and --plot.
noinst_LIBRARIES += libbatch.a
libbatch_a_SOURCES = \
	src/batch/batch.c src/batch/batch.h \
	src/batch/plot.c src/batch/plot.h
libbatch_a_CFLAGS = $(AM_CFLAGS)
