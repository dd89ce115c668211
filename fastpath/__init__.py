"""Shortcuts on the hottest paths that lean on Django's, DRF's and django-q2's
private API for speed. What each relies on, and which tests and benchmarks guard
it, is in fastpath/README.md: read it before changing anything here or upgrading
one of those libraries."""
