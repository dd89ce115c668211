"""Realistic sample claims per language, for tests, the contact sheet and the benchmark."""
from __future__ import annotations

SAMPLE_CLAIMS: dict[str, str] = {
    "EN": "Best protein supplements for your daily workout",
    "DE": "Die besten Proteinpräparate für Ihr tägliches Training",
    "FR": "Les meilleurs compléments protéinés pour votre entraînement quotidien",
    "ES": "Los mejores suplementos de proteína para tu entrenamiento diario",
    "IT": "I migliori integratori proteici per il tuo allenamento quotidiano",
    "PT": "Os melhores suplementos de proteína para o seu treino diário",
    "NL": "De beste eiwitsupplementen voor je dagelijkse training",
    "PL": "Najlepsze suplementy białkowe na Twój codzienny trening",
    "TR": "Günlük antrenmanınız için en iyi protein takviyeleri",
    "SV": "Bästa proteintillskotten för din dagliga träning",
    "RU": "Лучшие протеиновые добавки для ваших ежедневных тренировок",
    "UK": "Найкращі протеїнові добавки для ваших щоденних тренувань",
    "EL": "Τα καλύτερα συμπληρώματα πρωτεΐνης για την καθημερινή σας προπόνηση",
    "AR": "أفضل مكملات البروتين لتمارينك اليومية",
    "HE": "תוספי החלבון הטובים ביותר לאימון היומי שלך",
    "JA": "毎日のトレーニングに最適なプロテインサプリメント。",
    "ZH": "最适合您日常锻炼的优质蛋白质补充剂。",
    "KO": "매일 운동을 위한 최고의 단백질 보충제",
}

# Punctuation, digits and percent signs: what sale claims really contain.
SALE_CLAIMS: dict[str, str] = {
    "EN": "Summer sale: 50% off everything!",
    "DE": "Sommerschlussverkauf: 50 % Rabatt auf alles!",
    "FR": "Soldes d’été : 50 % de réduction sur tout !",
    "ES": "Rebajas de verano: ¡50 % de descuento en todo!",
    "IT": "Saldi estivi: sconto del 50% su tutto!",
    "PT": "Promoção de verão: 50% de desconto em tudo!",
    "NL": "Zomersale: 50% korting op alles!",
    "PL": "Letnia wyprzedaż: 50% zniżki na wszystko!",
    "TR": "Yaz indirimi: Her şeyde %50 indirim!",
    "SV": "Sommarrea: 50 % rabatt på allt!",
    "RU": "Летняя распродажа: скидка 50% на всё!",
    "UK": "Літній розпродаж: знижка 50% на все!",
    "EL": "Καλοκαιρινές εκπτώσεις: 50% σε όλα!",
    "AR": "تخفيضات الصيف: خصم 50% على كل شيء!",
    "HE": "מבצע קיץ: 50% הנחה על הכול!",
    "JA": "夏のセール：全品50%オフ！",
    "ZH": "夏季促销：全场五折！",
    "KO": "여름 세일: 전 품목 50% 할인!",
}

# "Shop now" per language — the same strings as generation/locale (used where Django
# is not configured, e.g. scripts/bench_render.py).
SAMPLE_CTAS: dict[str, str] = {
    "EN": "Shop now", "DE": "Jetzt einkaufen", "FR": "Acheter maintenant", "ES": "Comprar ahora",
    "IT": "Acquista ora", "PT": "Compre agora", "NL": "Nu shoppen", "PL": "Kup teraz",
    "TR": "Hemen satın al", "SV": "Handla nu", "RU": "Купить сейчас", "UK": "Купити зараз",
    "EL": "Αγοράστε τώρα", "AR": "تسوق الآن", "HE": "קנו עכשיו", "JA": "今すぐ購入",
    "ZH": "立即购买", "KO": "지금 구매하기",
}


def sample_product(kind: str = "bottle", size: int = 600):
    """A product cut-out drawn with Pillow (RGBA, transparent around it, with a margin
    as real cut-outs have): "bottle" (tall), "sneaker" (wide) or "jar" (squat). For
    tests, the contact sheet and the benchmark — no photo needed."""
    from PIL import Image, ImageDraw

    ss = 4  # drawn at 4× and reduced: smooth edges, a feathered matte
    w, h = {"bottle": (size * 5 // 12, size), "sneaker": (size, size * 9 // 20),
            "jar": (size * 4 // 5, size * 3 // 4)}[kind]
    W, H = w * ss, h * ss
    img = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    m = round(min(W, H) * 0.06)  # the transparent margin a cut-out carries
    if kind == "bottle":
        cx = W // 2
        bw = W - 2 * m
        body_top = m + round(H * 0.30)
        neck_w = round(bw * 0.34)
        d.rounded_rectangle((cx - bw // 2, body_top, cx + bw // 2, H - m), radius=round(bw * 0.16),
                            fill=(22, 110, 84, 255))
        d.polygon([(cx - bw // 2, body_top + round(bw * 0.16)), (cx - neck_w // 2, m + round(H * 0.14)),
                   (cx + neck_w // 2, m + round(H * 0.14)), (cx + bw // 2, body_top + round(bw * 0.16))],
                  fill=(22, 110, 84, 255))
        d.rectangle((cx - neck_w // 2, m + round(H * 0.07), cx + neck_w // 2, m + round(H * 0.15)),
                    fill=(22, 110, 84, 255))
        d.rounded_rectangle((cx - neck_w // 2 - ss * 3, m, cx + neck_w // 2 + ss * 3, m + round(H * 0.085)),
                            radius=ss * 6, fill=(212, 175, 55, 255))
        label = (cx - bw // 2, body_top + round(H * 0.16), cx + bw // 2, body_top + round(H * 0.42))
        d.rectangle(label, fill=(246, 241, 228, 255))
        d.rectangle((label[0], label[1] + ss * 8, label[2], label[1] + ss * 14), fill=(212, 175, 55, 255))
        d.ellipse((cx - bw // 5, label[1] + round(H * 0.07), cx + bw // 5, label[1] + round(H * 0.07) + bw * 2 // 5),
                  outline=(22, 110, 84, 255), width=ss * 5)
        shine = Image.new("RGBA", (W, H), (0, 0, 0, 0))  # a highlight blended over the glass
        ImageDraw.Draw(shine).rounded_rectangle(
            (cx - bw // 2 + round(bw * 0.12), body_top + round(bw * 0.2), cx - bw // 2 + round(bw * 0.2),
             H - m - round(bw * 0.2)), radius=ss * 8, fill=(255, 255, 255, 70))
        img.alpha_composite(shine)
    elif kind == "sneaker":
        sole_top = H - m - round(H * 0.2)
        d.rounded_rectangle((m, sole_top, W - m, H - m), radius=round(H * 0.09), fill=(245, 245, 245, 255))
        d.rectangle((m + round(H * 0.05), H - m - round(H * 0.06), W - m - round(H * 0.05), H - m),
                    fill=(60, 60, 66, 255))
        # heel, collar, tongue, vamp and a rounded toe, as (x, y) shares of the drawing area
        outline = [(0.01, 1.0), (0.0, 0.55), (0.03, 0.22), (0.10, 0.08), (0.20, 0.10), (0.27, 0.0), (0.36, 0.04),
                   (0.42, 0.22), (0.55, 0.36), (0.70, 0.46), (0.84, 0.55), (0.93, 0.64), (0.98, 0.76),
                   (1.0, 0.9), (1.0, 1.0)]
        top, span_h, span_w = m, sole_top + ss * 4 - m, W - 2 * m
        d.polygon([(m + round(x * span_w), top + round(y * span_h)) for x, y in outline], fill=(220, 60, 52, 255))
        d.polygon([(m + round(W * 0.2), sole_top - round(H * 0.04)), (m + round(W * 0.55), sole_top - round(H * 0.3)),
                   (m + round(W * 0.78), sole_top - round(H * 0.06)), (m + round(W * 0.5), sole_top - round(H * 0.14))],
                  fill=(255, 255, 255, 255))
        for i in range(5):
            x = m + round(W * (0.36 + i * 0.055))
            y = m + round(H * (0.16 + i * 0.05))
            d.line((x - ss * 14, y, x + ss * 18, y + ss * 12), fill=(255, 255, 255, 255), width=ss * 5)
        d.ellipse((m + round(W * 0.045), sole_top - round(H * 0.3), m + round(W * 0.11), sole_top - round(H * 0.2)),
                  fill=(170, 40, 36, 255))
    else:  # a cosmetics jar: squat, with a hole-free lid
        lid_h = round(H * 0.28)
        d.rounded_rectangle((m, m + lid_h - ss * 6, W - m, H - m), radius=round(W * 0.08), fill=(236, 200, 190, 255))
        d.rounded_rectangle((m + ss * 8, m, W - m - ss * 8, m + lid_h), radius=round(W * 0.05),
                            fill=(60, 48, 80, 255))
        d.rectangle((m, m + lid_h + round(H * 0.16), W - m, m + lid_h + round(H * 0.3)), fill=(255, 255, 255, 255))
    return img.resize((w, h), Image.Resampling.LANCZOS)


def sample_logo(kind: str = "wordmark", color: tuple[int, int, int] = (24, 28, 38)):
    """A brand logo drawn with Pillow (RGBA, transparent around it): "wordmark" (a dark
    4.5:1 wide word with a mark) or "mark" (a square badge). For tests and the sheets."""
    from PIL import Image, ImageDraw

    from .languages import FONT_DIR
    from .text import load_font

    if kind == "mark":
        img = Image.new("RGBA", (240, 240), (0, 0, 0, 0))
        d = ImageDraw.Draw(img)
        d.ellipse((10, 10, 230, 230), fill=color + (255,))
        d.text((120, 124), "N", font=load_font(str(FONT_DIR / "NotoSans-Bold.ttf"), 150), fill=(255, 255, 255, 255),
               anchor="mm")
        return img
    img = Image.new("RGBA", (900, 200), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((10, 30, 150, 170), radius=34, fill=color + (255,))
    d.ellipse((52, 72, 108, 128), fill=(0, 0, 0, 0))
    d.text((180, 100), "Northwind", font=load_font(str(FONT_DIR / "NotoSans-Bold.ttf"), 130), fill=color + (255,),
           anchor="lm")
    return img.crop(img.getbbox())
