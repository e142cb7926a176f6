"""Server-rendered pages (Jinja2): the start page, the citizen's status lookup, and the agents' and
dispatchers' workbench (``/work/…``: intake with the 智能辅助 panel, the queue, the order page).

Modules: ``pages`` (public pages, ``install_pages``), ``login``, ``intake``, ``queue``, ``order_page``
(routes); ``assist`` (the suggestion panel), ``forms`` (checked form input), ``session`` (signed
cookie, CSRF, flash), ``deps`` (the signed-in actor), ``rendering`` and ``i18n`` (Chinese / English).
"""
