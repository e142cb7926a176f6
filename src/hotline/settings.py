"""One Settings object, read from ``HOTLINE_*`` environment variables once at start-up."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEVELOPMENT_SECRET = "hotline-development-secret-do-not-use-in-production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="HOTLINE_", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///hotline.db"
    # Derives the PII encryption key, the blind-index key and the session-cookie key.
    secret_key: str = DEVELOPMENT_SECRET
    order_prefix: str = "HL"
    timezone: str = "Asia/Shanghai"
    attachment_dir: Path = Path("attachments")
    max_attachment_bytes: int = 20 * 1024 * 1024
    allowed_attachment_types: tuple[str, ...] = (
        "image/jpeg", "image/png", "image/webp", "audio/mpeg", "audio/wav", "audio/x-wav", "video/mp4",
        "application/pdf", "text/plain",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    max_content_chars: int = 10_000
    # Where `hotline train` writes versioned model artifacts and the server loads the latest.
    models_dir: Path = Path("models")
    # Open orders accepted this many days before a new appeal are offered as possible repeats.
    duplicate_window_days: float = 30.0
    token_cache_seconds: float = 30.0
    # Mark the workbench's session cookie Secure (sent over HTTPS only). Off by default because many centre
    # intranets serve plain HTTP, where a Secure cookie would never come back and sign-in would loop.
    secure_cookies: bool = False

    @model_validator(mode="after")
    def _refuse_default_secret_in_production(self) -> Settings:
        if self.env == "production" and (self.secret_key == DEVELOPMENT_SECRET or len(self.secret_key) < 32):
            raise ValueError("HOTLINE_SECRET_KEY must be set to a random value of 32+ characters in production")
        return self

    def derived_key(self, purpose: str) -> bytes:
        """A 256-bit key for one purpose, so one secret never serves two algorithms."""
        return hashlib.sha256(f"{purpose}:{self.secret_key}".encode()).digest()
