"""Annotated news briefing generator: articles + curated notes -> Markdown site tree."""
