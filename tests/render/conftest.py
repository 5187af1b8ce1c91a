"""Picture tests skip, with the reason and the fix, where nothing can be rendered."""
import pytest

from machinesim.render import rendering_available


@pytest.fixture(scope="session")
def can_render():
    ok, reason = rendering_available()
    if not ok:
        pytest.skip(f"no offscreen rendering here: {reason}")
