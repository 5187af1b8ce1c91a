from browser import browser  # noqa: F401  (the session's Chromium, shared by the page tests)

import pytest

from serving import running_server


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    """One server for the session, with two workers and short limits for the runaway-program tests."""
    with running_server(tmp_path_factory.mktemp("classroom"), "--workers", "2", "--run-seconds", "30",
                        "--max-upload-mb", "20") as url:
        yield url
