"""Sign-ins that survive a refresh, plain-text user text, and errors without tracebacks."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import session_token
from dashboard.plain_text import md, md_block
from store.submissions import open_store

PW = "right password 1"


def test_tokens_are_signed_expire_and_carry_the_session_version() -> None:
    key, other = b"k" * 32, b"o" * 32
    token = session_token.issue("amina", 3, 8, key, at=1_000_000)
    assert session_token.read(token, key, at=1_000_000 + 8 * 3600 - 1) == ("amina", 3)
    assert session_token.read(token, key, at=1_000_000 + 8 * 3600) is None  # expired
    assert session_token.read(token, other, at=1_000_001) is None  # another deployment's key
    _payload, _, mac = token.partition(".")
    forged = session_token.issue("admin", 3, 8, other, at=1_000_000).partition(".")[0]
    assert session_token.read(f"{forged}.{mac}", key, at=1_000_001) is None
    assert session_token.read("garbage", key) is None
    assert session_token.read("ü.ü", key) is None  # non-ASCII from the address: no crash


def _page(db: str) -> None:
    import streamlit as st

    from dashboard import auth
    from store.submissions import open_store

    store = open_store(db)
    user = auth.current_user(store) or auth.sign_in_form(store)
    st.text(f"user={user.name if user else None}")
    if user is not None and st.button("Sign out", key="out"):
        auth.sign_out(store)
        st.text("signed out")


def _who(at: AppTest) -> str:
    return next(t.value for t in at.text)


def test_a_sign_in_survives_a_refresh_and_ends_on_sign_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_SESSION_SECRET", "test-only key " * 3)
    db = str(tmp_path / "app.duckdb")
    store = open_store(db)
    store.add_user("amina", "approver", PW)
    at = AppTest.from_function(_page, args=(db,), default_timeout=30).run()
    at.text_input[0].input("amina")
    at.text_input[1].input(PW)
    at.button[0].click().run()
    assert _who(at) == "user=amina"
    token = str(at.query_params["session"])
    # A refresh: a new session with only the page address.
    again = AppTest.from_function(_page, args=(db,), default_timeout=30)
    again.query_params["session"] = token
    again.run()
    assert _who(again) == "user=amina"
    again.button(key="out").click().run()
    assert "session" not in again.query_params
    # The old address no longer signs anyone in, nor does a disabled account's.
    stale = AppTest.from_function(_page, args=(db,), default_timeout=30)
    stale.query_params["session"] = token
    assert _who(stale.run()) == "user=None"
    assert "user.sign_out" in store.audit_log()["action"].to_list()


def test_disabling_an_account_ends_its_open_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("M_E_SESSION_SECRET", "test-only key " * 3)
    db = str(tmp_path / "app.duckdb")
    store = open_store(db)
    store.add_user("amina", "approver", PW)
    token = session_token.issue("amina", 0, 8, session_token.secret_key())
    at = AppTest.from_function(_page, args=(db,), default_timeout=30)
    at.query_params["session"] = token
    assert _who(at.run()) == "user=amina"
    store.set_disabled("amina")
    assert _who(at.run()) == "user=None"
    store.set_disabled("amina", False)
    assert _who(at.run()) == "user=None"  # re-enabling does not revive the old token


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("![x](https://evil.example/p.png)", r"\!\[x\](https://evil.example/p.png)"),
        ("survey`2022`.csv", r"survey\`2022\`.csv"),
        ("a\n# heading\n- item", r"a \# heading - item"),
        (
            ":red[alert] $x$ <b> *x* ~y~ |t| a_b \\",
            r":red\[alert\] \$x\$ \<b\> \*x\* \~y\~ \|t\| a\_b \\",
        ),
    ],
)
def test_user_text_is_escaped_for_markdown(text: str, shown: str) -> None:
    assert md(text) == shown


def _user_text_page(name: str) -> None:
    import streamlit as st

    from dashboard.plain_text import md, md_block

    st.markdown(f"File **{md(name)}**")
    st.markdown(md_block("line one\n![img](https://evil.example/x.png)"))


def test_markdown_renders_no_image_or_code_span_from_user_text() -> None:
    at = AppTest.from_function(_user_text_page, args=("bad`](x) ![i](https://evil.example/i)",))
    at.run()
    # The escaped source is what Streamlit's renderer gets: no unescaped image or link syntax.
    for m in at.markdown:
        assert not re.search(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(|(?<!\\)`", m.value), m.value
    assert at.markdown[0].value == r"File **bad\`\](x) \!\[i\](https://evil.example/i)**"
    assert md_block("a\nb") == "a  \nb"


def _broken_page() -> None:
    from dashboard.errors import run_page

    class Page:
        def run(self) -> None:
            raise RuntimeError("/srv/app/secret/path.py pid 4242 exploded")

    run_page(Page())


def test_an_unexpected_error_shows_an_incident_id_and_logs_the_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="m_e.dashboard"):
        at = AppTest.from_function(_broken_page, default_timeout=30).run()
    assert not at.exception  # nothing reaches the page as a traceback
    (shown,) = [e.value for e in at.error]
    assert "/srv/app" not in shown and "4242" not in shown and "Traceback" not in shown
    incident = shown.split("Incident id: ")[1][:8]
    (record,) = [r for r in caplog.records if r.name == "m_e.dashboard"]
    assert record.getMessage() == f"incident {incident}: RuntimeError"
    assert record.exc_info is not None and "pid 4242" in str(record.exc_info[1])


def test_a_damaged_database_leaves_the_published_indicators_serving(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Overview on the demo data with a garbage app.duckdb: a warning naming the restore
    command, the cards still shown; the Submissions page: a message and an incident id."""
    from etl import pipeline

    data = tmp_path / "data"
    monkeypatch.setenv("M_E_DATA_DIR", str(data))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    pipeline.publish_demo(lambda _m: None)
    pipeline.build_indicator_table(False, lambda _m: None)
    (data / "app.duckdb").write_bytes(b"\0garbage" * 4096)
    app = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
    with caplog.at_level(logging.ERROR, logger="m_e.dashboard"):
        at = AppTest.from_file(app, default_timeout=120).run()
    assert not at.exception, at.exception
    (warning,) = [w.value for w in at.warning if "cannot be read" in w.value]
    assert warning.startswith("The database of uploads, accounts and national settings cannot")
    assert "python -m etl restore BACKUP_DIR" in warning and str(data) not in warning
    assert not at.error and at.metric  # the page went on to draw the indicator cards
    from streamlit_app import PAGE_SPECS

    page = next(s["page"] for s in PAGE_SPECS if s["url_path"] == "submissions")
    at = at.switch_page(page).run()
    assert not at.exception, at.exception
    (shown,) = [e.value for e in at.error]
    assert shown.startswith("The database could not be read (incident id: ")
    assert "python -m etl restore BACKUP_DIR" in shown and str(data) not in shown


def test_report_builds_are_bounded_per_process() -> None:
    from core.errors import EtlError
    from dashboard.data import report as page_data

    busy = pytest.raises(EtlError, match="Other reports are being built right now")
    with page_data.build_slot(), page_data.build_slot(), busy, page_data.build_slot():
        pass
    with page_data.build_slot():  # slots are given back after each build
        pass
