"""The HTTP service: app factory, routes, web page, store, reviews, problem details, logs."""
