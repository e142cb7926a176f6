"""Server-rendered pages (Jinja2): the start page, the citizen's status lookup, and the workbench
(``/work/…``): intake with the 智能辅助 panel, the queue, the order page with the centre's and the
handling units' forms, hot issues (热点问题) and the dispatch catalogue (派单目录).

Modules: ``pages`` (public pages, ``install_pages``), ``login``, ``intake``, ``queue``, ``order_page``,
``hot_issues``, ``catalogue_page`` (routes); ``assist`` (the suggestion panel), ``forms`` (checked form
input), ``session`` (signed cookie, CSRF, flash), ``deps`` (the signed-in actor), ``rendering`` and
``i18n`` (Chinese / English).
"""
