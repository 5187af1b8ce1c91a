from browser import browser  # noqa: F401  (the session's Chromium, shared by the page tests)
