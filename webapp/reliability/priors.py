"""The desk's prior: kept per desk state, refitted in the background after a change.

Fitting the prior reads every source's record (some 15 seconds at a million claims), and
every audited change gives the desk a new state. Waiting for a refit on the first view
after each change made most views of a busy desk slow, for a figure that one change
barely moves. So after a change a page uses the prior fitted last, if it is at most
``RELIABILITY_PRIOR_STALE_SECONDS`` old (default 300), while one background thread per
engine and capacity fits the new one; the next views use that. With the setting at 0
(the tests' default), or without an app, or for a date in the past, the prior is fitted
before the page is answered, as before.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from webapp.reliability.estimator import Model, fit_prior
from webapp.reliability.queries import Capacity, desk_state, kept, new_cache, records

DEFAULT_STALE_SECONDS = 300
_KEPT = 32
_PRIORS: dict[tuple[Any, ...], Model] = new_cache()
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Fitted:
    model: Model
    fitted_at: float  # time.monotonic()


# (engine URL, capacity, as_of) -> the prior fitted last there, whatever the desk state.
_LATEST = new_cache()
_LOCK = threading.Lock()
_RUNNING: dict[tuple[Any, ...], threading.Thread] = {}


def _stale_seconds() -> float:
    if not has_app_context():
        return 0.0
    return float(current_app.config.get("RELIABILITY_PRIOR_STALE_SECONDS", DEFAULT_STALE_SECONDS))


def _fit(sess: Session, capacity: Capacity, as_of: dt.datetime | None) -> Model:
    state = desk_state(sess)  # before reading: a change meanwhile makes the key older, not wrong

    def make() -> Model:
        model = fit_prior(records(sess, capacity, as_of).values())
        _LATEST[(state[0], capacity, as_of)] = _Fitted(model, time.monotonic())
        return model

    return kept(_PRIORS, (state, capacity, as_of), _KEPT, make)


def fitted_model(sess: Session, capacity: Capacity, as_of: dt.datetime | None = None) -> Model:
    """The desk's prior for ``capacity``, fitted from every source's record.

    Kept per desk state; after a change, the last prior (if recent) while a new one is
    fitted in the background (see the module's docstring).
    """
    state = desk_state(sess)
    found = _PRIORS.get((state, capacity, as_of))
    if found is not None:
        return found
    latest: _Fitted | None = _LATEST.get((state[0], capacity, as_of))
    window = _stale_seconds()
    bind = sess.get_bind()
    if (
        latest is not None
        and as_of is None
        and isinstance(bind, Engine)
        and time.monotonic() - latest.fitted_at <= window
    ):
        _refit_in_background(bind, capacity, (state[0], capacity, as_of))
        return latest.model
    return _fit(sess, capacity, as_of)


def _refit_in_background(bind: Engine, capacity: Capacity, place: tuple[Any, ...]) -> None:
    with _LOCK:
        if place in _RUNNING:
            return
        # A plain reader: the request's session may be a writer (BEGIN IMMEDIATE on SQLite).
        engine = bind.execution_options(claimdesk_write=False)
        thread = threading.Thread(
            target=_refit, args=(engine, capacity, place), name="claimdesk-prior", daemon=True
        )
        _RUNNING[place] = thread
    thread.start()


def _refit(engine: Engine, capacity: Capacity, place: tuple[Any, ...]) -> None:
    try:
        with Session(bind=engine) as sess:
            _fit(sess, capacity, None)
    except Exception:  # the page already has a prior; the next view tries again
        log.exception("refitting the desk's prior failed")
    finally:
        with _LOCK:
            _RUNNING.pop(place, None)


def wait_for_refits(timeout: float = 60.0) -> None:
    """Wait until no background refit runs (for tests and benchmarks)."""
    deadline = time.monotonic() + timeout
    while True:
        with _LOCK:
            threads = list(_RUNNING.values())
        if not threads:
            return
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        if time.monotonic() >= deadline:
            raise TimeoutError("a refit of the desk's prior is still running")
