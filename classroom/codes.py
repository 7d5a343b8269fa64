"""Room codes a teacher can read aloud, and teacher keys stored only as hashes."""
from __future__ import annotations

import hashlib
import hmac
import math
import secrets

from classroom.errors import InvalidCode

# No 0/O, 1/I/L: nothing a student could mistype from a projector or hear wrongly.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8                                    # shown as ABCD-EFGH
BITS = LENGTH * math.log2(len(ALPHABET))     # about 39.6 bits: unguessable for a room that lives hours


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text: object) -> str:
    """What a student typed ('abcd efgh', 'ABCD-EFGH') as the stored form 'ABCDEFGH'."""
    if not isinstance(text, str):
        raise InvalidCode("a room code is text")
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) != LENGTH or any(ch not in ALPHABET for ch in code):
        raise InvalidCode(f"a room code is {LENGTH} characters of {ALPHABET}, got {text!r:.40}")
    return code


def display_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def new_teacher_key() -> str:
    return secrets.token_urlsafe(24)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def key_matches(key: object, stored_hash: str) -> bool:
    if not isinstance(key, str):
        return False
    return hmac.compare_digest(hash_key(key), stored_hash)
