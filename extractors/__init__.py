"""Pure extraction functions: no Prefect, no file writing. Pipelines wire them together."""
