class ApplicationError(Exception):
    """A business rule refused the request; the message is shown to the user as is.

    ``field`` names the form field the message belongs next to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
