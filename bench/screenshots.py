"""Screenshots of the main pages for docs/user-guide.md (`make screenshots`).

Builds a fresh SQLite desk in a temporary folder (migrations, the demo desk, one editor),
serves it with gunicorn on a loopback port, signs in with headless Chromium and saves
docs/screenshots/{dashboard,claims,claim,source,import-preview,intake,figures}.png.

    .venv/bin/python bench/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from sqlalchemy import select  # noqa: E402

from tests.faults.live import BIN, gunicorn, server_env  # noqa: E402
from webapp.claims.models import Claim  # noqa: E402
from webapp.db import make_engine  # noqa: E402
from webapp.registry import import_models  # noqa: E402
from webapp.sources.models import Source  # noqa: E402

EMAIL = "editor@example.org"
PASSWORD = "screenshots need a password"  # noqa: S105 (a throwaway desk)
CHROMIUM = os.environ.get("CLAIMDESK_CHROMIUM", "/usr/bin/chromium")
SAMPLE = ROOT.parent / "shared" / "samples" / "panjshir-resistance-2021-08-24.txt"
IMPORT_CSV = (
    "external_id,statement,claimant,claimant_kind,tags\n"
    "neo-20,The Taliban hold 33 of Afghanistan's 34 provinces.,Tolo News,outlet,Taliban\n"
    "neo-21,Panjshir has never been conquered.,Ahmad Massoud,person,Panjshir\n"
)


def build_desk(url: str) -> None:
    env = server_env(url)
    for args in (
        ["db", "upgrade"],
        ["demo"],
        [
            "users",
            "create",
            "--email",
            EMAIL,
            "--name",
            "Ana Editor",
            "--role",
            "editor",
            "--password",
            PASSWORD,
        ],
    ):
        subprocess.run([str(BIN / "claimdesk"), *args], env=env, check=True, capture_output=True)


def record_ids(url: str) -> tuple[int, int]:
    """The corrected Baghlan claim and its claimant (graded C in the demo)."""
    import_models()
    engine = make_engine(url)
    with engine.connect() as conn:
        claim = conn.execute(
            select(Claim.id, Claim.claimant_id).where(Claim.statement.like("%Puli Khesar%"))
        ).one()
        source = conn.scalar(select(Source.id).where(Source.id == claim.claimant_id))
    engine.dispose()
    return int(claim.id), int(source or 0)


def shoot(base: str, out: Path, claim_id: int, source_id: int, tmp: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(base_url=base, viewport={"width": 1280, "height": 1000})
        page.goto("/login")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(base + "/")
        pages = {
            "dashboard": "/",
            "claims": "/claims",
            "claim": f"/claims/{claim_id}",
            "source": f"/sources/{source_id}",
        }
        for name, path in pages.items():
            page.goto(path)
            if name == "claim":  # the verdict and its timeline, rather than the claim's facts
                heading = page.get_by_role("heading", name="Verdict", exact=True)
                heading.evaluate("element => element.scrollIntoView()")
            page.screenshot(path=str(out / f"{name}.png"))
        upload = tmp / "new-claims.csv"
        upload.write_text(IMPORT_CSV, encoding="utf-8")
        page.goto("/imports")
        page.get_by_label("CSV file").set_input_files(str(upload))
        page.get_by_role("button", name="Upload and check").click()
        page.get_by_role("button", name="Import these rows").wait_for()
        page.screenshot(path=str(out / "import-preview.png"), full_page=True)
        page.goto("/reports/conflicting-figures")
        page.screenshot(path=str(out / "figures.png"))
        if SAMPLE.exists():  # the intake page of the sample article, pasted as a checker would
            page.goto("/documents/new/text")
            page.get_by_label("Title", exact=True).fill("The Panjshir resistance")
            page.get_by_label("Text", exact=True).fill(SAMPLE.read_text(encoding="utf-8"))
            page.get_by_role("button", name="Add document and find claims").click()
            page.get_by_role("heading", name="Claims in").wait_for()
            page.screenshot(path=str(out / "intake.png"))
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        url = f"sqlite:///{tmp / 'desk.sqlite3'}"
        build_desk(url)
        claim_id, source_id = record_ids(url)
        with gunicorn(url, workers=1, threads=2) as base:
            shoot(base, args.out, claim_id, source_id, tmp)
    for png in sorted(args.out.glob("*.png")):
        print(f"{png}  {png.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
