# The command table, the session every command acts on, and the CSV writer.
noinst_LIBRARIES += libcli.a
libcli_a_SOURCES = \
	src/cli/cmd.c src/cli/cmd.h \
	src/cli/session.c src/cli/session.h \
	src/cli/csv.c src/cli/csv.h \
	src/cli/sanitize.c src/cli/sanitize.h
libcli_a_CFLAGS = $(AM_CFLAGS)
libcli_a_CPPFLAGS = $(AM_CPPFLAGS) -DTATON_SRCDIR='"$(abs_top_srcdir)"'
