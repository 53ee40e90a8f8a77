"""``noticeaudit site URL``: compare what a real browser observes on a site with its notice.

``browser`` launches Chromium (Playwright, imported only by this package),
``banners`` finds consent buttons, ``observe`` makes the three visits and
records requests, cookies and storage keys, ``services`` maps them to the
services data, ``compare`` turns observations and the audited notice into
S002-S006 findings, and ``audit`` ties these together for one site.
Nothing outside the ``site`` command and ``batch --site`` imports it.
"""
