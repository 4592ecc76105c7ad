"""Room codes, host tokens, participant ids and names: made, checked, cleaned.

A room code is 8 symbols of Crockford's base32 (digits and capitals without
I, L, O, U): 40 random bits, short enough to read aloud, far too many to
guess. A host token is 256 random bits; the store keeps only its SHA-256.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_LENGTH = 8
MAX_NAME = 40  # characters
MAX_TITLE = 80

# What a person may type for a symbol that looks like another (Crockford's rule).
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_PARTICIPANT = re.compile(r"[A-Za-z0-9_-]{16,64}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22,128}")
# Unicode categories never kept in a name: controls, format characters (bidi
# overrides, zero-width joiners), surrogates, private use, unassigned, and line
# or paragraph separators.
_DROPPED = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
_MARKS = {"Mn", "Me"}  # combining accents: a few on a letter, not a tower of them
MAX_MARKS = 2
_BLANK = {"Zs", "Mn", "Me", "Mc"}
# Letters that draw nothing: Hangul fillers, the braille blank, and the like.
_BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5\u180e")


def new_code():
    """A fresh room code: ``CODE_LENGTH`` symbols of ``ALPHABET``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text):
    """The room code ``text`` stands for, or None if it cannot be one.

    Case, spaces and hyphens do not matter, and O, I, L are read as 0, 1, 1.
    """
    if not isinstance(text, str) or len(text) > 4 * CODE_LENGTH:
        return None
    code = re.sub(r"[\s-]", "", text).upper().translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def new_token():
    """A fresh host token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_hash(token):
    """What the store keeps of a host token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token, stored_hash):
    """Whether ``token`` is the one whose hash is ``stored_hash`` (constant time)."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        return False
    return hmac.compare_digest(token_hash(token), stored_hash)


def new_participant_id():
    """A random id for one person in a room: 128 bits, nothing personal in it.

    It begins with a letter or digit, so that a spreadsheet reads the exported
    id as text, never as a formula.
    """
    while not (made := secrets.token_urlsafe(16))[0].isalnum():
        pass
    return made


def check_participant(participant):
    """``participant`` if it looks like an id from ``new_participant_id``.

    Raises
    ------
    ValueError
        Naming the participant id, when it does not.
    """
    if not isinstance(participant, str) or not _PARTICIPANT.fullmatch(participant):
        raise ValueError(
            "participant must be an id from new_participant_id() (16 to 64 letters, "
            f"digits, - or _), got {str(participant)[:20]!r}"
        )
    return participant


def clean_name(text, limit=MAX_NAME):
    """A name as the store keeps it: no invisible or control characters, runs
    of spaces made one, at most ``MAX_MARKS`` accents on a letter, at most
    ``limit`` characters. Empty when nothing visible is left: a name of only
    blank-looking letters (U+3164, braille blanks) or accents is no name.
    """
    text = unicodedata.normalize("NFC", str(text)[: 25 * limit])  # bounded work
    kept, marks = [], 0
    for c in text:
        category = unicodedata.category(c)
        if category in _DROPPED:
            continue
        marks = marks + 1 if category in _MARKS else 0
        if marks <= MAX_MARKS:
            kept.append(c)
    name = " ".join("".join(kept).split())[:limit].strip()
    return name if any(_visible(c) for c in name) else ""


def name_key(name):
    """``name`` as two names are compared: NFKC, case-folded, blanks and accents
    left out, so that look-alikes ("Ａdmin", "admin", "a\u200bdmin") collide."""
    folded = unicodedata.normalize("NFKC", clean_name(name)).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", folded) if _visible(c))


def _visible(c):
    """Whether ``c`` leaves ink: not a space, an accent alone, or a blank letter."""
    return unicodedata.category(c) not in _BLANK and c not in _BLANK_LETTERS
