"""The HTTP API's routers: thin routes that parse, call and return."""
