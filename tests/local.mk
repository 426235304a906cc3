# tests: filled by its owner
include tests/core/local.mk
