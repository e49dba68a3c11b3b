"""MkDocs adapter: the only MkDocs-aware code.

Listed under ``hooks:`` in mkdocs.yml, it regenerates the docs tree before
every build (plain ``mkdocs build`` and each ``mkdocs serve`` rebuild) and
makes ``mkdocs serve`` watch the content folder.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from generator.build import generate
from generator.errors import ContentError

log = logging.getLogger("mkdocs.briefing")


def content_dir(config: MkDocsConfig) -> Path:
    base = Path(config.config_file_path).parent
    return base / os.environ.get("BRIEFING_CONTENT", config.extra.get("briefing_content", "content"))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get("BRIEFING_PREGENERATED"):
        return config  # the CLI generated (and validated) the tree already
    try:
        result = generate(content_dir(config), Path(config.docs_dir))
    except ContentError as exc:
        raise PluginError(f"{len(exc.problems)} problem(s) in the content:\n{exc}") from None
    config.site_name = result.briefing.title
    if result.stats and result.stats.written:
        log.info("briefing: %d generated file(s) updated", result.stats.written)
    return config


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(content_dir(config)))
    return server
