"""One small error hierarchy. The CLI prints `str(err)`; the API maps `http_status`."""


class IncidentBriefError(Exception):
    """Base class: a problem the user can act on, with a one-line message."""

    http_status = 500
    title = "Internal error"


class InputError(IncidentBriefError):
    """The notes cannot be used: empty, unreadable, malformed."""

    http_status = 422
    title = "Unprocessable input"


class UnsupportedInputError(InputError):
    http_status = 415
    title = "Unsupported input type"


class InputTooLargeError(InputError):
    http_status = 413
    title = "Input too large"


class NotFoundError(IncidentBriefError):
    http_status = 404
    title = "Not found"


class ConflictError(IncidentBriefError):
    """The change is not allowed in the resource's state (an approved report, a locked section)."""

    http_status = 409
    title = "Conflict"


class ConfigurationError(IncidentBriefError):
    """Settings ask for something this installation cannot do."""

    http_status = 503
    title = "Not configured"
