# src/core/models: the distributed PSP auction of paper 001 (model `psp`).
libcore_a_SOURCES += \
	src/core/models/psp.c \
	src/core/models/psp_market.c src/core/models/psp_market.h \
	src/core/models/psp_reply.c src/core/models/psp_reply.h \
	src/core/models/psp_book.c src/core/models/psp_book.h \
	src/core/models/psp_optimum.c src/core/models/psp_optimum.h
