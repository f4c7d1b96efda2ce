"""The store's refusals name the user's role in the language in use ('lecteur', not 'viewer').

The role words are the Upload and Settings pages' (store/users/roles.py ROLE_WORDS); the database,
the audit log and the options keep the codes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import use_language
from store.submissions import StoreError, User, open_store
from store.users import role_label
from tests.store.test_submissions import gfmd_rows, sha


def test_store_refusals_name_the_role_in_the_language(data_dir: Path) -> None:
    store = open_store()
    vera, kim = User("vera", "viewer"), User("kim", "contributor", ("SEN",))
    with use_language("fr"):
        with pytest.raises(StoreError) as viewer:
            store.create_submission(
                template="gfmd_coherence", file_name="ken.csv", sha256=sha("ken"), user=vera,
                rows=gfmd_rows("KEN"), ref_area="KEN", time_period="2022",
            )  # fmt: skip
        with pytest.raises(StoreError) as limited:
            store.create_submission(
                template="gfmd_coherence", file_name="ken.csv", sha256=sha("ken"), user=kim,
                rows=gfmd_rows("KEN"), ref_area="KEN", time_period="2022",
            )  # fmt: skip
        assert role_label(kim) == "contributeur pour SEN"
    assert "vera (lecteur)" in str(viewer.value) and "viewer" not in str(viewer.value)
    assert "kim (contributeur pour SEN)" in str(limited.value)
    assert role_label(vera) == "viewer"  # English outside the French block
