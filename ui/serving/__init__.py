"""Serving: the warm-up of every page's default view, light cached figures, a rerun after a reconnect."""
