"""The dashboard only reads its data: the browser session leaves curated/ and seeds/ unchanged.

This module runs last (file order): it compares the hashes taken before the server started with
the files now, after the other e2e tests clicked, filtered and downloaded. The server fixture
checks once more after the server has stopped."""

from __future__ import annotations

import pytest
from e2e_support import digest_changes, open_page, tree_digest

pytestmark = pytest.mark.e2e


def test_browser_session_leaves_data_unchanged(page, console, data_before):
    open_page(page, "/")  # at least one visit, even when this test runs alone
    after = tree_digest()
    assert len(after) == len(data_before) > 0
    changes = digest_changes(data_before, after)
    assert not changes, "the app changed read-only data:\n" + "\n".join(changes)
