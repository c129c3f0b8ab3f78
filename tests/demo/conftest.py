"""Fixtures of the demo desk tests."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from webapp.demo.loader import DemoResult, load_demo

RETRIEVED = dt.date(2026, 11, 1)


@pytest.fixture
def demo(sess: Session) -> DemoResult:
    """The demo desk, loaded without an actor and committed."""
    result = load_demo(sess, today=RETRIEVED)
    sess.commit()
    return result
