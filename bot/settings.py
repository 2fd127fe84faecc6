"""Every setting, read in one place: environment variables with the prefix `VERBATIM_`."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Explicit arguments beat the environment; the environment beats these defaults."""

    model_config = SettingsConfigDict(env_prefix="VERBATIM_", extra="ignore")

    data_dir: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir("verbatim")))
    chunk_size: int = Field(800, gt=0, description="most characters of whole sentences in one chunk")
    chunk_overlap: int = Field(1, ge=0, description="sentences shared by consecutive chunks")
    top_k: int = Field(8, gt=0, description="chunks retrieved for each question")
    max_quotes: int = Field(5, gt=0, le=20)
    max_question_chars: int = Field(2000, gt=0)
    max_file_bytes: int = Field(20_000_000, gt=0, description="largest file read when indexing or uploading")
    load_sample: bool = Field(True, description="index the bundled sample article when the store starts empty")
    cross_encoder: bool = Field(True, description="rerank the best candidates with the learned cross-encoder where "
                                                  "the feature ranker cannot tell them apart (false: features alone, "
                                                  "faster and less accurate; see docs/benchmarks.md)")

    slack_bot_token: SecretStr | None = Field(None, validation_alias=AliasChoices("VERBATIM_SLACK_BOT_TOKEN",
                                                                                   "SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(None, validation_alias=AliasChoices(
        "VERBATIM_SLACK_SIGNING_SECRET", "SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(None, validation_alias=AliasChoices("VERBATIM_SLACK_APP_TOKEN",
                                                                                   "SLACK_APP_TOKEN"))
    slack_api_url: str = "https://slack.com/api/"

    @model_validator(mode="after")
    def _overlap_below_size(self) -> Settings:
        if self.chunk_overlap >= self.chunk_size:
            raise ValueError(f"chunk_overlap must be < chunk_size, got {self.chunk_overlap} >= {self.chunk_size}")
        return self
