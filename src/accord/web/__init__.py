"""The web app: a scenario library with history, an editor, analyses and reports, and a JSON API.

A thin shell over :mod:`accord.analysis` and :mod:`accord.store` (``accord serve`` runs it). Pages are
rendered on the server with Jinja2 and made interactive with htmx; Plotly draws the figures. Both
scripts are served by the app itself, so it works with no network.

>>> from accord.store import Store
>>> from accord.web import create_app
>>> app = create_app(store=Store("sqlite://"))
>>> app.title
'accord'
"""

from .app import create_app

__all__ = ["create_app"]
