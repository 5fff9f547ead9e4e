"""Model-specific logic, no Qt: pre-processing, decoding, pipelines."""
