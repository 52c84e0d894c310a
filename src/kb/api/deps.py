"""Typed dependencies: the one KnowledgeBase the app opened at start-up, its settings, its content survey."""

from typing import Annotated

from fastapi import Depends, Request

from kb.content.survey import ContentSurvey
from kb.search.service import KnowledgeBase
from kb.settings import Settings


def get_kb(request: Request) -> KnowledgeBase:
    return request.app.state.kb


KB = Annotated[KnowledgeBase, Depends(get_kb)]


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_survey(request: Request) -> ContentSurvey:
    return request.app.state.content_survey


AppSettings = Annotated[Settings, Depends(get_settings)]
Survey = Annotated[ContentSurvey, Depends(get_survey)]
