"""One fact base, three audiences: the executive report (the fixed template), a customer status update and an
engineering write-up, each composed from the grounded report (model.py, customer.py, engineering.py, render.py)."""
