"""Server-rendered pages (Jinja2): the start page and the citizen's status lookup."""
