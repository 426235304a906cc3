# src/core/models: filled by its owner
