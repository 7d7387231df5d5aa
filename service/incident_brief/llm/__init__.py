"""The LLM engine: gateway, prompts, tokens, model schemas, extract, ground, draft, validate."""
