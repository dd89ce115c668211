"""The joints of long katakana loanwords: プロテイン|サプリメント, スマート|フォン.

Japanese writes a compound loanword as one unbroken run of katakana; a line may break
at the joint between its parts, but never inside a part (トレー|ニング is wrong). The
parts are words that ads use often; a run is cut where it is made of known parts
(each at least two characters), and a part the list does not know stays whole.
"""
from __future__ import annotations

from ..caches import cached

# Katakana words common in ads and product copy (loanword parts).
WORDS = frozenset("""
プロテイン サプリメント サプリ トレーニング ダイエット スマート フォン スマホ タブレット パソコン
セール キャンペーン クーポン ポイント プレゼント ギフト ショップ ストア オンライン オンラインショップ
ファッション コレクション ブランド アイテム デザイン カラー サイズ モデル シリーズ エディション
リミテッド プレミアム スペシャル セット パック ボックス ケース カバー カード ゲーム アプリ
サービス サポート システム メンバー メンバーシップ クラブ プラン コース レッスン スクール
スキン スキンケア ケア ヘア ヘアケア ボディ ボディケア クリーム ローション オイル ミルク ジェル
シャンプー コンディショナー ソープ マスク パウダー ファンデーション リップ メイク コスメ
コーヒー ティー ビール ワイン ウイスキー ジュース ドリンク ウォーター ミネラル ソーダ
チョコレート チョコ ケーキ クッキー アイス アイスクリーム パン ピザ バーガー ハンバーガー
チキン ステーキ サラダ スープ カレー パスタ ランチ ディナー モーニング デザート スイーツ フルーツ
ビタミン コラーゲン カルシウム ミネラル アミノ ホエイ ソイ ビーガン オーガニック ナチュラル
メンズ レディース キッズ ベビー ファミリー ペット ドッグ キャット フード
スポーツ ランニング ウォーキング ヨガ フィットネス ジム ゴルフ テニス サッカー アウトドア キャンプ
シューズ スニーカー ブーツ サンダル バッグ リュック ウォッチ ジャケット コート シャツ パンツ
スカート ドレス ニット デニム アクセサリー ジュエリー リング ネックレス ピアス
インテリア キッチン リビング ベッド ソファ テーブル チェア ライト ランプ ホーム ガーデン
クリーナー フィルター エアコン ヒーター ファン カメラ レンズ テレビ オーディオ スピーカー
イヤホン ヘッドホン ワイヤレス バッテリー チャージャー ケーブル モバイル デジタル
トラベル ホテル ツアー チケット フライト リゾート ビーチ スパ
イベント フェア フェス フェスティバル ライブ コンサート パーティー クリスマス ハロウィン
バレンタイン サマー ウィンター スプリング オータム シーズン ニュー オープン リニューアル
バーゲン アウトレット タイム タイムセール フラッシュ ボーナス キャッシュ キャッシュバック バック
フリー オフ ダウン アップ ゼロ カロリー シュガー ハイ ロー ライフ スタイル ライフスタイル
ビジネス オフィス ワーク リモート チーム プロ マスター ベスト ベーシック スタンダード
ショッピング デリバリー ネット ネットショップ ウェブ サイト メール ニュース レター
""".split())

MIN_PART = 2  # katakana characters on either side of a joint


@cached(1024)
def katakana_joints(run: str) -> tuple[int, ...]:
    """Where the katakana `run` may break: between known parts, as indices into it.

    The run is covered with as few known parts as possible (a part the list does not
    know may stand between them, but only whole: no joint inside it); no joints when
    fewer than two known parts are found."""
    n = len(run)
    if n < 2 * MIN_PART:
        return ()
    # best[i]: (unknown characters, parts, cuts) for run[:i]
    best: list[tuple[int, int, tuple[int, ...]] | None] = [None] * (n + 1)
    best[0] = (0, 0, ())
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        unknown, parts, cuts = here
        for j in range(i + MIN_PART, n + 1):
            piece = run[i:j]
            cost = (unknown, parts + 1) if piece in WORDS else (unknown + len(piece), parts + 1)
            found = best[j]
            if found is None or cost < found[:2]:
                best[j] = (*cost, cuts + ((j,) if j < n else ()))
    result = best[n]
    if result is None or result[0] == n:
        return ()
    known = 0
    for a, b in zip((0, *result[2]), (*result[2], n)):
        known += run[a:b] in WORDS
    return result[2] if known >= 2 or (known == 1 and result[0] == 0) else ()
