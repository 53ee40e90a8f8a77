"""``noticeaudit site URL``: compare what a real browser observes on a site with its notice.

``browser`` launches Chromium (Playwright, imported only when a site audit
runs), ``banners`` finds consent buttons, ``observe`` makes the three visits
and records requests, cookies and storage keys, ``services`` reads the
services data, ``classify`` maps the observations to services (and builds
the reports' ``observed`` object), ``compare`` turns them and the audited
notice into S002-S006 findings, ``audit`` ties these together for one site,
``survey`` runs ``batch --site``, and ``command`` is the command line.
``check`` never imports the browser stack.
"""
