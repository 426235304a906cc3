# src/ui: filled by its owner
