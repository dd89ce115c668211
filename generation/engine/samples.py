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
