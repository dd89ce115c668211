"""A new worker process loads the cut-out model and the card face cascades when django-q2
spawns it (generation.tasks.worker_warm_up on post_spawn), not on its first job."""
from __future__ import annotations

from django.test import override_settings
from django_q.signals import post_spawn

from generation.engine.cards import faces
from generation.engine.cutout import model


def _forget_the_model(monkeypatch) -> None:
    monkeypatch.setattr(model, "_session", None)
    monkeypatch.setattr(faces, "_cascades", {})


def test_a_spawned_worker_loads_the_cut_out_model_and_face_cascades_before_its_first_task(monkeypatch):
    _forget_the_model(monkeypatch)
    with override_settings(WORKER_WARM_UP=True):
        post_spawn.send(sender="django_q", proc_name="Process-1")
    assert model._session is not None
    assert set(faces._cascades) == {faces.FRONTAL, faces.PROFILE}


def test_with_warm_up_off_a_spawned_worker_loads_nothing(monkeypatch):
    _forget_the_model(monkeypatch)
    with override_settings(WORKER_WARM_UP=False):
        post_spawn.send(sender="django_q", proc_name="Process-1")
    assert model._session is None
    assert faces._cascades == {}
