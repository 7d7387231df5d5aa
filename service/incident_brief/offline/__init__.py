"""The offline engine: readers and extractors, composition, plain language. No model, no network."""
