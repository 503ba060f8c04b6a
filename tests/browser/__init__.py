"""Browser tests: the app served over HTTP and driven by headless Chromium through Playwright."""
