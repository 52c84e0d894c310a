"""Typed dependencies: the one KnowledgeBase the app opened at start-up."""

from typing import Annotated

from fastapi import Depends, Request

from kb.search.service import KnowledgeBase


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


KB = Annotated[KnowledgeBase, Depends(get_kb)]
