"""Personal data at rest: AES-GCM encryption and an HMAC blind index for phone numbers."""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from hotline.domain.phone import normalize_phone
from hotline.settings import Settings

_NONCE_BYTES = 12
_KEY_VERSION = b"\x01"  # leading byte so keys can be rotated later


class PiiCipher:
    def __init__(self, settings: Settings) -> None:
        self._aead = AESGCM(settings.derived_key("pii-aes-gcm"))
        self._index_key = settings.derived_key("pii-blind-index")

    def encrypt(self, plaintext: str, *, context: bytes = b"phone") -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return _KEY_VERSION + nonce + self._aead.encrypt(nonce, plaintext.encode(), context)

    def decrypt(self, blob: bytes, *, context: bytes = b"phone") -> str:
        nonce, ciphertext = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
        return self._aead.decrypt(nonce, ciphertext, context).decode()

    def phone_index(self, phone: str) -> str:
        """Blind index: equal for equal numbers, useless without the key."""
        digest = hmac.new(self._index_key, normalize_phone(phone).encode(), hashlib.sha256).hexdigest()
        return digest[:32]
