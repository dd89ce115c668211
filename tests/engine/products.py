"""Synthetic product cut-outs (RGBA, anti-aliased alpha) for photoshoot tests and sheets.

Each product is drawn at 4× with OpenCV and reduced, so its edge is a real soft
matte; each sits in a photo-sized canvas with transparent margins, as a cut-out
of an upload does. Shading (a cylinder's light and shade, a highlight, a sole)
gives the compositor something to colour-match.
"""
from __future__ import annotations

import cv2
import numpy as np
from PIL import Image

SS = 4  # supersampling factor


def _finish(rgb: np.ndarray, alpha: np.ndarray) -> Image.Image:
    h, w = alpha.shape
    rgba = np.dstack([rgb.astype(np.float32) * (alpha[..., None] / 255.0), alpha.astype(np.float32)])
    small = cv2.resize(rgba, (w // SS, h // SS), interpolation=cv2.INTER_AREA)
    a = small[..., 3:4]
    col = np.where(a > 0, small[..., :3] / np.maximum(a, 1e-3) * 255.0, 0)
    out = np.dstack([np.clip(col, 0, 255), np.clip(a, 0, 255)]).astype(np.uint8)
    return Image.fromarray(out, "RGBA")


def _cylinder_shade(w: int, h: int, x0: int, x1: int, color, light: float = 0.35) -> np.ndarray:
    """RGB float image where columns x0..x1 are lit like a cylinder with its light at `light` (0..1 across)."""
    x = np.arange(w, dtype=np.float32)
    t = np.clip((x - x0) / max(1, x1 - x0), 0, 1)
    shade = 0.55 + 0.55 * np.cos((t - light) * np.pi * 0.95).clip(0, 1) ** 0.8
    spec = np.exp(-((t - light + 0.07) ** 2) / 0.0025) * 0.55
    col = np.array(color, np.float32)
    row = col[None, :] * shade[:, None] + 255 * spec[:, None]
    return np.broadcast_to(row[None], (h, w, 3)).copy()


def bottle(color=(196, 30, 45), cap=(235, 232, 225), size=(900, 1200)) -> Image.Image:
    """A tall, slim bottle with a cap, a label band and a vertical highlight."""
    W, H = size[0] * SS, size[1] * SS
    alpha = np.zeros((H, W), np.uint8)
    cx = W // 2
    bw, top, bottom = int(W * 0.13), int(H * 0.30), int(H * 0.88)
    neck_w, neck_top = int(W * 0.05), int(H * 0.18)
    body = np.array([[cx - bw, bottom - bw // 5], [cx - bw, top + bw], [cx - neck_w, top - bw // 3],
                     [cx - neck_w, neck_top], [cx + neck_w, neck_top], [cx + neck_w, top - bw // 3],
                     [cx + bw, top + bw], [cx + bw, bottom - bw // 5]], np.int32)
    cv2.fillPoly(alpha, [body], 255, cv2.LINE_AA)
    cv2.ellipse(alpha, (cx, bottom - bw // 5), (bw, bw // 5), 0, 0, 180, 255, -1, cv2.LINE_AA)
    rgb = _cylinder_shade(W, H, cx - bw, cx + bw, color)
    cap_top = int(H * 0.11)
    cap_mask = np.zeros_like(alpha)
    cv2.rectangle(cap_mask, (cx - int(neck_w * 1.25), cap_top), (cx + int(neck_w * 1.25), neck_top + H // 60), 255, -1)
    alpha = np.maximum(alpha, cap_mask)
    capc = _cylinder_shade(W, H, cx - int(neck_w * 1.25), cx + int(neck_w * 1.25), cap)
    rgb = np.where(cap_mask[..., None] > 0, capc, rgb)
    label = np.zeros_like(alpha)
    cv2.rectangle(label, (cx - bw, int(H * 0.52)), (cx + bw, int(H * 0.70)), 255, -1)
    labc = _cylinder_shade(W, H, cx - bw, cx + bw, (240, 236, 226))
    rgb = np.where((label > 0)[..., None], labc, rgb)
    cv2.rectangle(rgb, (cx - bw // 2, int(H * 0.585)), (cx + bw // 2, int(H * 0.605)),
                  tuple(float(c) * 0.6 for c in color), -1)
    return _finish(np.clip(rgb, 0, 255), alpha)


def mug(color=(28, 40, 78), size=(1200, 1000)) -> Image.Image:
    """A round mug with a handle whose hole is transparent."""
    W, H = size[0] * SS, size[1] * SS
    alpha = np.zeros((H, W), np.uint8)
    cx = int(W * 0.45)
    bw, top, bottom = int(W * 0.19), int(H * 0.28), int(H * 0.80)
    cv2.rectangle(alpha, (cx - bw, top), (cx + bw, bottom - bw // 6), 255, -1)
    cv2.ellipse(alpha, (cx, bottom - bw // 6), (bw, bw // 6), 0, 0, 180, 255, -1, cv2.LINE_AA)
    cv2.ellipse(alpha, (cx, top), (bw, bw // 6), 0, 0, 360, 255, -1, cv2.LINE_AA)
    hx, hy = cx + bw, (top + bottom) // 2
    cv2.ellipse(alpha, (hx, hy), (int(bw * 0.55), int((bottom - top) * 0.3)), 0, -90, 90, 255, int(bw * 0.16),
                cv2.LINE_AA)
    rgb = _cylinder_shade(W, H, cx - bw, cx + bw, color, 0.3)
    handle_zone = np.zeros_like(alpha)
    cv2.rectangle(handle_zone, (cx + bw, 0), (W, H), 255, -1)
    rgb = np.where((handle_zone > 0)[..., None], np.array(color, np.float32) * 0.8, rgb)
    rim = np.zeros_like(alpha)
    cv2.ellipse(rim, (cx, top), (int(bw * 0.9), int(bw / 6 * 0.8)), 0, 0, 360, 255, -1, cv2.LINE_AA)
    rgb = np.where((rim > 0)[..., None], np.array(color, np.float32) * 0.45, rgb)
    return _finish(np.clip(rgb, 0, 255), alpha)


def sneaker(color=(245, 245, 240), accent=(230, 80, 40), size=(1400, 900)) -> Image.Image:
    """A wide, low shoe: an upper with a collar and a tongue, a swoosh, a two-tone sole."""
    W, H = size[0] * SS, size[1] * SS
    alpha = np.zeros((H, W), np.uint8)
    sx, sy = W / 1000, H / 1000 * 1.1
    outline = np.array([[110, 640], [92, 560], [100, 470], [150, 385], [235, 365], [330, 405], [415, 330],
                        [475, 338], [600, 430], [725, 478], [850, 515], [918, 565], [936, 612], [910, 640]],
                       np.float32)
    pts = (outline * [sx, sy] + [0, H * 0.02]).astype(np.int32)
    cv2.fillPoly(alpha, [pts], 255, cv2.LINE_AA)
    y = np.arange(H, dtype=np.float32)[:, None, None]
    x = np.arange(W, dtype=np.float32)[None, :, None]
    top, ground = float(pts[:, 1].min()), float(pts[:, 1].max())
    rgb = np.zeros((H, W, 3), np.float32) + np.array(color, np.float32)
    rgb = rgb * (0.9 + 0.12 * np.clip(1 - (y - top) / (ground - top), 0, 1)) * (0.97 + 0.04 * (x / W))
    sole_top = int(ground - (ground - top) * 0.16)
    rgb[sole_top:] = np.array((214, 212, 206), np.float32) * (0.95 + 0.05 * (x / W)[0])
    rgb[sole_top:sole_top + max(2, H // 200)] = (70, 70, 74)
    rgb[int(ground - (ground - top) * 0.05):] = (96, 94, 90)
    cv2.ellipse(rgb, (int(W * 0.52), int(sole_top - (ground - top) * 0.28)), (int(W * 0.2), int(H * 0.045)), -14,
                0, 360, tuple(float(c) for c in accent), -1, cv2.LINE_AA)
    collar = (pts[4] + pts[3]) // 2
    cv2.ellipse(rgb, (int(collar[0]) + W // 40, int(collar[1]) + H // 60), (W // 16, H // 70), -8, 0, 360,
                (60, 60, 66), -1, cv2.LINE_AA)
    for k in range(4):  # laces
        cx, cy = int(W * (0.47 + k * 0.045)), int(H * (0.385 + k * 0.033) * 1.1 + H * 0.02)
        cv2.line(rgb, (cx - W // 70, cy - H // 60), (cx + W // 70, cy + H // 90), (200, 200, 196), max(2, W // 400),
                 cv2.LINE_AA)
    return _finish(np.clip(rgb, 0, 255), alpha)


PRODUCTS = {"bottle": bottle, "mug": mug, "sneaker": sneaker}
