"""Protocol Portal: wiring (settings, urls, Celery, checks) and the council-wide kernel apps."""
from .celery import app as celery_app

__all__ = ["celery_app"]
