"""What can go wrong in a room, as exceptions a page or the command line catches."""


class RoomError(Exception):
    """Base of every room error; ``str(error)`` is a sentence for a person."""


class RoomsUnavailable(RoomError):
    """The rooms cannot be used at all: the database cannot be reached, its
    schema is newer than this code, or the configuration is wrong.

    A page catches this one type, says so, and keeps the solo playground going.
    """


class UnknownRoom(RoomError, LookupError):
    """No open or closed room has this code (never made, mistyped or expired)."""


class RoomClosed(RoomError):
    """The room was closed by its host; it can still be read and exported."""


class NotHost(RoomError, PermissionError):
    """The host token is missing or wrong for this room."""


class RoomsFull(RoomError):
    """The database already holds as many live rooms as the store keeps."""


class RoomsTooSoon(RoomError):
    """One client address made a room a moment ago; ``wait`` is the seconds left."""

    def __init__(self, message, wait):
        super().__init__(f"{message}: try again in {max(1, round(wait))} s")
        self.wait = wait
