# src/chart: filled by its owner
