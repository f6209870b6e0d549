"""Every script a name or a wording may use prints: in an embedded font, shaped, in reading order, never cut."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import unicodedata

import pytest
import uharfbuzz
from PIL import Image
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Table

from avrcase.documents.base import STYLES, LetterheadSnapshot, PageFrame, build_pdf, data_table, markup, para
from avrcase.documents.fonts import FAMILIES, font_name, register_fonts, text_runs
from avrcase.documents.paragraphs import is_right_to_left
from avrcase.domain.scripts import ARABIC

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

#: One name and one sentence per script (and the returnee languages that share a script).
SAMPLES = {
    "hy": ("Խաչատրյան Անահիտ", "Ես ցանկանում եմ կամավոր վերադառնալ իմ երկիր։"),
    "si": ("ප්‍රියන්ත කුමාරසිංහ", "මම ස්වේච්ඡාවෙන් මගේ රටට ආපසු යාමට කැමැත්තෙමි."),
    "ta": ("சுப்பிரமணியம் கிருஷ்ணன்", "நான் என் நாட்டிற்கு தன்னார்வமாக திரும்ப விரும்புகிறேன்."),
    "pa": ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "ਮੈਂ ਆਪਣੀ ਮਰਜ਼ੀ ਨਾਲ ਆਪਣੇ ਦੇਸ਼ ਵਾਪਸ ਜਾਣਾ ਚਾਹੁੰਦਾ ਹਾਂ।"),
    "pnb": ("گرپریت سنگھ", "میں اپنی مرضی نال اپنے دیس واپس جانا چاہندا ہاں۔"),
    "bn": ("মোহাম্মদ রহিম বিশ্বজিৎ চক্রবর্তী", "আমি স্বেচ্ছায় আমার দেশে ফিরে যেতে চাই।"),
    "hi": ("क्षत्रिय प्रसाद", "मैं स्वेच्छा से अपने देश लौटना चाहता हूँ।"),
    "ar": ("عبد الله الأحمد", "أرغب في العودة طوعا إلى بلدي الأصلي."),
    "ckb": ("ڕێبوار عەبدوڵڵا", "دەمەوێت بە ئارەزووی خۆم بگەڕێمەوە بۆ وڵاتەکەم."),
    "fa": ("زهرا حسینی‌نژاد", "می‌خواهم داوطلبانه به کشورم بازگردم."),
    "ur": ("محمد اکرم چوہدری", "میں رضاکارانہ طور پر اپنے ملک واپس جانا چاہتا ہوں۔"),
    "he": ("שרה לוי", "אני רוצה לחזור לארצי מרצוני."),
    "ka": ("ნინო ბერიძე", "მსურს ნებაყოფლობით დავბრუნდე ჩემს ქვეყანაში."),
    "uk": ("Ґалаґан Їжакевич", "Я бажаю добровільно повернутися до своєї країни."),
    "tg": ("Қурбонов Ҷамшед", "Ман мехоҳам ихтиёран ба ватанам баргардам."),
    "ky": ("Өмүрбеков Айгүл", "Мен өз каалоом менен мекениме кайткым келет."),
    "uz": ("Gʻulomov Oʻktam", "Men oʻz ixtiyorim bilan vatanimga qaytmoqchiman."),
    "tr": ("Şükrü Yılmaz", "Ülkeme gönüllü olarak dönmek istiyorum."),
    "az": ("Əliyev Gülşən", "Mən öz istəyimlə ölkəmə qayıtmaq istəyirəm."),
    "kmr": ("Şêrîn Xelîl", "Ez dixwazim bi dilxwazî vegerim welatê xwe."),
    "vi": ("Nguyễn Thị Hường", "Tôi muốn tự nguyện trở về đất nước của mình."),
    "ro": ("Țurcanu Ștefania", "Doresc să mă întorc de bunăvoie în țara mea."),
    "ti": ("ተስፋይ ገብረመድህን", "ብድሌተይ ናብ ዓደይ ክምለስ እደሊ።"),
    "th": ("สมชาย ใจดี", "ฉันต้องการกลับประเทศของฉันโดยสมัครใจ"),
    "zh": ("王小明 欧阳秀英", "我希望自愿返回我的国家。"),
    "ko": ("김민준 박서연", "저는 자발적으로 제 나라로 돌아가고 싶습니다."),
}
#: Scripts whose text layer reads back exactly as typed (no ligatures, no reordered vowel signs).
_SIMPLE = {"hy", "ka", "he", "uk", "tg", "ky", "uz", "tr", "az", "kmr", "vi", "ro", "ti", "th", "zh", "ko"}


def _frame(language: str = "en") -> PageFrame:
    head = LetterheadSnapshot("Office of Returns", "Vilnius office", "", "", "", "", "", None)
    return PageFrame(head, "Scripts", "VNO-1", language, dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc),
                     "Case VNO-1", "Issued 4 Dec 2026", "Page %(page)d of %(pages)d")


def _poppler(tool: str, pdf: bytes, tmp_path, *args: str) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    target = ["-"] if tool == "pdftotext" else []
    return subprocess.run([tool, *args, str(path), *target], capture_output=True, text=True, check=True).stdout


_EMBEDDINGS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200c"))


def _words(text: str) -> list[str]:
    """Words of a text layer or a sample: compatibility forms folded (Arabic presentation forms become
    letters), pdftotext's bidi embedding marks and invisible joiners dropped."""
    words = unicodedata.normalize("NFKC", text).translate(_EMBEDDINGS).split()
    return [word.strip(".,:;!?()«»।۔։。") for word in words]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One PDF per sample: the name in a table cell and the sentence as a paragraph."""
    out = {}
    for language, (name, sentence) in SAMPLES.items():
        story = [data_table(["Name"], [[name]], [1]), para(sentence)]
        out[language] = build_pdf(_frame(), story).pdf
    return out


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_script_prints_in_an_embedded_font_of_its_own(rendered, language, tmp_path):
    listing = _poppler("pdffonts", rendered[language], tmp_path)
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), listing  # the "emb" column
    name, _sentence = SAMPLES[language]
    wanted = {FAMILIES[system.key] for system, chunk in text_runs(name) if chunk.strip()}
    used = {row[0].split("+", 1)[1].rsplit("-", 1)[0] for row in rows}
    assert wanted <= used, listing


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_no_glyph_is_missing(language):
    """HarfBuzz finds a glyph (not .notdef) for every character in the font each run is given."""
    register_fonts()
    for text in SAMPLES[language]:
        for system, chunk in text_runs(text):
            font = pdfmetrics.getFont(font_name(system))
            buffer = uharfbuzz.Buffer()
            buffer.add_str(chunk)
            buffer.guess_segment_properties()
            uharfbuzz.shape(font.hbFont(10), buffer, {})
            assert all(info.codepoint != 0 for info in buffer.glyph_infos), (language, chunk)


def _ink(pdf: bytes, tmp_path, dpi: int = 50) -> int:
    """Dark pixels on the first page, read back as an image (what a person sees, not the text layer)."""
    path = tmp_path / "ink.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", "-png", str(path),
                    str(tmp_path / "ink")], check=True)
    with Image.open(tmp_path / "ink.png") as image:
        return sum(image.histogram()[:128])


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_name_shows_on_the_page_image(language, tmp_path):
    """Never silently blank: the page with the name has clearly more ink than the same page without it."""
    name, _sentence = SAMPLES[language]
    with_name = _ink(build_pdf(_frame(), [para(name, "title")]).pdf, tmp_path)
    without = _ink(build_pdf(_frame(), [para("", "title")]).pdf, tmp_path)
    assert with_name - without > 3 * len(name.replace(" ", "")), (with_name, without)


@pytest.mark.parametrize("language", sorted(_SIMPLE))
def test_text_layer_reads_back_as_typed(rendered, language, tmp_path):
    text = _poppler("pdftotext", rendered[language], tmp_path)
    for sample in SAMPLES[language]:
        for word in _words(sample):
            assert word in _words(text), (word, text)


@pytest.mark.parametrize("language", ["ar", "ckb", "fa", "ur", "pnb"])
def test_arabic_script_letters_join(language):
    """Shaped with HarfBuzz: fewer glyphs than letters would be a ligature; joined letters use other glyphs
    than the same letters standing alone."""
    register_fonts()
    font = pdfmetrics.getFont(font_name(ARABIC))
    for word in SAMPLES[language][0].split():
        joined = uharfbuzz.Buffer()
        joined.add_str(word)
        joined.guess_segment_properties()
        uharfbuzz.shape(font.hbFont(10), joined, {})
        alone = set()
        for letter in word:
            single = uharfbuzz.Buffer()
            single.add_str(letter)
            single.guess_segment_properties()
            uharfbuzz.shape(font.hbFont(10), single, {})
            alone |= {info.codepoint for info in single.glyph_infos}
        assert {info.codepoint for info in joined.glyph_infos} - alone, word


def test_sorani_letters_join_in_the_pdf(tmp_path):
    """The text layer holds Arabic presentation forms (initial, medial, final): the letters were joined."""
    pdf = build_pdf(_frame(), [para(SAMPLES["ckb"][0])]).pdf
    text = _poppler("pdftotext", pdf, tmp_path)
    forms = {unicodedata.name(c).split()[-2] for c in text if "\ufb50" <= c <= "\ufeff"}
    assert {"INITIAL", "MEDIAL", "FINAL"} <= forms, text


def _bbox_lines(pdf: bytes, tmp_path) -> list[list[str]]:
    """Words of each text line left to right, from pdftotext's bounding boxes (a word belongs to the line
    whose box its middle falls in: Arabic runs are larger than the Latin beside them)."""
    rows: list[tuple[float, float, list[tuple[float, str]]]] = []
    boxes = re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>',
                        _poppler("pdftotext", pdf, tmp_path, "-bbox"))
    for match in sorted(boxes, key=lambda m: float(m[2])):
        top, bottom = float(match[2]), float(match[3])
        middle = (top + bottom) / 2
        row = next((r for r in rows if r[0] <= middle <= r[1]), None)
        if row is None:
            rows.append((top, bottom, [(float(match[1]), match[4])]))
        else:
            row[2].append((float(match[1]), match[4]))
    return [[w for _x, w in sorted(words)] for _top, _bottom, words in sorted(rows)]


_ARABIC_PARAGRAPH = ("أنا الموقع أدناه أصرح بأنني أرغب في العودة طوعا إلى بلدي الأصلي وأن المعلومات التي قدمتها "
                     "صحيحة وكاملة وأوافق على أن تتصل بي المنظمة بعد عودتي إلى بلدي")


_ARABIC_LETTERS = re.compile("[\u0600-\u06ff\ufb50-\ufeff]")


def _arabic_word(shown: str) -> str:
    """An Arabic word as pdftotext prints it (presentation forms, left to right) back in logical letters."""
    return unicodedata.normalize("NFKC", shown)[::-1]


def test_a_wrapped_right_to_left_paragraph_reads_in_order(tmp_path):
    """Wrapped in logical order, each line then right to left: the first words are on the first line's
    right, and reading every line right to left, top to bottom, gives the sentence back."""
    story = [Table([[para(_ARABIC_PARAGRAPH)]], colWidths=[190])]
    lines = [line for line in _bbox_lines(build_pdf(_frame("ar"), story).pdf, tmp_path)
             if _ARABIC_LETTERS.search("".join(line))]
    assert len(lines) >= 3  # it really wrapped
    read = [_arabic_word(word) for line in lines for word in reversed(line)]
    assert read == _ARABIC_PARAGRAPH.split()


def test_a_latin_name_and_a_number_inside_arabic_keep_their_own_order(tmp_path):
    sentence = "اسمي John Smith وعمري 42 سنة وأعيش في Vilnius منذ 2019."
    (line,) = [line for line in _bbox_lines(build_pdf(_frame("ar"), [para(sentence)]).pdf, tmp_path)
               if "John" in line]
    # Right to left: اسمي, John Smith (itself left to right), وعمري, 42, سنة, وأعيش, في, Vilnius, منذ, 2019.
    assert line[line.index("John") + 1] == "Smith"
    assert line.index("Vilnius") < line.index("John")  # later in the sentence, so further left
    assert line.index(".2019") == 0  # the full stop ends the sentence: far left, after the year
    assert _arabic_word(line[-1]) == "اسمي"
    assert line[line.index("42") + 1] != "John"
    assert _arabic_word(line[line.index("42") + 1]) == "وعمري"


def test_an_arabic_name_inside_a_latin_line_reads_right_to_left(tmp_path):
    pdf = build_pdf(_frame(), [para("Principal: عبد الله الأحمد (Iraq)")]).pdf
    (line,) = [line for line in _bbox_lines(pdf, tmp_path) if "Principal:" in line]
    assert line[0] == "Principal:" and line[-1] == "(Iraq)"
    assert [_arabic_word(w) for w in reversed(line[1:-1])] == ["عبد", "الله", "الأحمد"]


def test_right_to_left_paragraphs_are_right_aligned():
    assert is_right_to_left("عبد الله Smith") and not is_right_to_left("Smith عبد الله")
    assert para("عبد الله").style.alignment == 2  # TA_RIGHT
    assert para("Smith").style.alignment == 0


def test_a_persian_name_with_a_zero_width_non_joiner_stays_one_word(tmp_path):
    pdf = build_pdf(_frame("fa"), [para("زهرا حسینی‌نژاد")]).pdf
    (line,) = [line for line in _bbox_lines(pdf, tmp_path) if _ARABIC_LETTERS.search("".join(line))]
    # Right to left: زهرا, then حسینی‌نژاد as one word (the joiner kept, so the text layer has it too).
    assert [_arabic_word(w) for w in reversed(line)] == ["زهرا", "حسینی\u200cنژاد"]


@pytest.mark.parametrize("word", ["ŽUKAUSKAITĖ-ČIURLIONIENĖ", "Профессиональное", "Supercalifragilisticexpialidocious"])
def test_long_words_are_hyphenated_never_cut(word, tmp_path):
    """In a narrow cell a long word breaks only where a dictionary (or its own hyphen) allows, with a hyphen."""
    pdf = build_pdf(_frame("lt"), [data_table(["Name"], [[word]], [22 * mm], absolute=True)]).pdf
    lines = [" ".join(line) for line in _bbox_lines(pdf, tmp_path)]
    pieces: list[str] = []
    for line in lines[lines.index("Name") + 1:]:
        pieces.append(line)
        if "".join(pieces).replace("-", "") == word.replace("-", ""):
            break
    else:
        pytest.fail(f"{word} not found whole in {lines}")
    assert len(pieces) > 1  # it did not fit on one line
    assert all(piece.endswith("-") for piece in pieces[:-1]), pieces


def test_a_hyphenated_cell_beside_a_shaped_script_wraps_again(tmp_path):
    """A table wraps its cells more than once: the second wrap of a hyphenated "Громадянство" above its Georgian
    label shaped shaped text again, and the Ukrainian declaration of a Georgian household failed."""
    from avrcase.documents.base import stacked

    for widths in ((55.6, 55.6), (40, 55.6, 200)):
        cell = stacked("Громадянство", "მოქალაქეობა", "cell_head")
        for width in widths:
            cell.wrap(width, 1000)
    pdf = build_pdf(_frame("lt"), [data_table([stacked("Громадянство", "მოქალაქეობა", "cell_head")], [["Грузія"]],
                                              [55.6], absolute=True)]).pdf
    words = " ".join(" ".join(line) for line in _bbox_lines(pdf, tmp_path))
    assert "Громадян- ство" in words and "მოქალაქეობა" in words and "Грузія" in words


def test_a_word_no_dictionary_hyphenates_shrinks_instead_of_being_cut():
    cell = para("P1234567890123456789012", "cell")
    cell.wrap(100, 1000)
    assert len(cell.blPara.lines) == 1
    assert cell.style.fontSize < STYLES["cell"].fontSize


def test_markup_puts_each_script_in_its_font():
    text = markup("Anahit Խաչատրյան, ප්‍රියන්ත and عبد الله (42)")
    assert 'name="AvrArmenian"' in text and 'name="AvrSinhala"' in text and 'name="AvrArabic"' in text
    assert text.startswith("Anahit ")  # Latin stays in the house font


@pytest.mark.parametrize("language", sorted(set(SAMPLES) - _SIMPLE))
def test_text_layer_of_shaped_scripts_holds_every_letter(rendered, language, tmp_path):
    """Ligatures and conjuncts read back as their letters (ToUnicode), so nothing is missing when the name
    is copied or searched; Indic vowel signs may come back in display order, so letters are compared as a
    multiset."""
    from collections import Counter

    name = SAMPLES[language][0]
    fold = dict.fromkeys(map(ord, " \u200c\u200d\u202a\u202b\u202c"), None) | {0x06D5: 0x0647}
    lines = [unicodedata.normalize("NFKC", line).translate(fold)
             for line in _poppler("pdftotext", rendered[language], tmp_path).splitlines()]
    shown = next(line for line in lines[lines.index("Name") + 1:] if line.strip())
    # Noto Naskh draws Kurdish ە with the glyph of heh: the text layer says ه (one font glyph, two letters).
    # Bengali ো and ৌ are drawn in two parts, one each side of the consonant, and read back as those parts (ে া).
    shown, name = unicodedata.normalize("NFD", shown), unicodedata.normalize("NFD", name)
    missing = Counter(name.translate(fold)) - Counter(shown)
    extra = Counter(shown) - Counter(name.translate(fold))
    assert not missing, (shown, missing)
    # A conjunct drawn as two glyphs of one cluster: the first stands for the letters, the second for none.
    assert all("\ue000" <= char <= "\uf8ff" for char in extra), extra


@pytest.mark.parametrize(("sentence", "number"), [("ولد في ٢٠٢٦ في بغداد", "٢٠٢٦"), ("الغرفة ص42 مفتوحة", "42"),
                                                   ("رقم 1234 هنا", "1234")])
def test_numbers_inside_arabic_read_left_to_right(sentence, number, tmp_path):
    pdf = build_pdf(_frame("ar"), [para(sentence)]).pdf
    (line,) = [line for line in _bbox_lines(pdf, tmp_path) if _ARABIC_LETTERS.search("".join(line))]
    shown = [unicodedata.normalize("NFKC", w) for w in line]
    assert any(number in word for word in shown), shown  # digits in reading order, not reversed


def test_an_arabic_date_with_direction_marks_reads_day_first_from_the_right(tmp_path):
    """CLDR's Arabic date puts a right-to-left mark after each part ("04‏/12‏/2026"): the marks survive
    shaping, so the day stands on the right, the year on the left."""
    pdf = build_pdf(_frame("ar"), [para("ولد في 04\u200f/12\u200f/2026 في بغداد")]).pdf
    (line,) = [line for line in _bbox_lines(pdf, tmp_path) if _ARABIC_LETTERS.search("".join(line))]
    digits = [word.translate(_EMBEDDINGS).replace("\u200f", "") for word in line if any(c.isdigit() for c in word)]
    joined = "".join(digits)
    assert joined.index("2026") < joined.index("12") < joined.index("04"), line


def _chart_pdf(categories: tuple[str, ...], series: tuple[str, str], kind=None) -> bytes:
    from avrcase.documents.charts import chart_drawing
    from avrcase.domain.charts import ChartKind, ChartSpec

    values = tuple(tuple(range(1 + s, 1 + s + len(categories))) for s in range(2))
    chart = ChartSpec(kind or ChartKind.BAR, "Returns by project", categories, series, values,
                      note="Small values are hidden.")
    return build_pdf(_frame(), [chart_drawing(chart, 170 * mm)]).pdf


@pytest.mark.parametrize("kind", ["BAR", "LINE", "PYRAMID"])
def test_chart_labels_in_any_script_print_in_embedded_fonts(kind, tmp_path):
    """A chart's categories and series (a project named in Georgian, Arabic or Hebrew) print in their scripts'
    fonts, shaped: a label the house font cannot print is set like the documents' paragraphs, never blank."""
    from avrcase.domain.charts import ChartKind

    names = ("ნინო ბერიძე", "عبد الله الأحمد", "שרה לוי", "Ґалаґан Їжакевич", "Խաչատրյան Անահիտ", "Lietuva")
    pdf = _chart_pdf(names, ("Men", "زهرا حسینی‌نژاد"), ChartKind[kind])
    listing = _poppler("pdffonts", pdf, tmp_path)
    rows = [line.split() for line in listing.splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), listing  # every font embedded
    used = {row[0].split("+", 1)[1].rsplit("-", 1)[0] for row in rows}
    assert {"NotoSansGeorgian", "NotoNaskhArabic", "NotoSansHebrew", "NotoSansArmenian"} <= used, listing
    text = _words(_poppler("pdftotext", pdf, tmp_path))
    for name in ("ნინო ბერიძე", "שרה לוי", "Ґалаґан Їжакевич", "Խաչատրյան Անահիտ", "Lietuva", "Men"):
        for word in _words(name):
            assert word in text, (word, text)
    joined = unicodedata.normalize("NFKC", " ".join(text)).replace(" ", "")
    for name in ("عبد الله الأحمد", "زهرا حسینی‌نژاد"):  # Arabic letters come back joined, as shaped
        assert all(char in joined for char in unicodedata.normalize("NFKC", name).replace(" ", "")
                   .replace("\u200c", "")), (name, joined)


def test_a_chart_label_in_another_script_leaves_ink_where_it_stands(tmp_path):
    """On the page image, not only in the text layer: a series named in Georgian or Arabic in the legend leaves
    ink as a Latin name does (it used to print as nothing)."""
    def legend_ink(name: str) -> int:
        return _ink(_chart_pdf(("Lietuva", "Latvija"), ("Men", name)), tmp_path, dpi=150)

    blank, latin = legend_ink(""), legend_ink("Nino Beridze")
    assert latin - blank > 100, (blank, latin)
    for name in ("ნინო ბერიძე", "عبد الله الأحمد", "שרה לוי"):
        assert legend_ink(name) - blank > (latin - blank) / 3, (name, blank, latin)


@pytest.mark.parametrize("mark", ["\u200f", "\u200e", "\u2067", "\u2069", "\u202b", "\u202c", "\u200c", "\u200d"])
def test_direction_marks_and_joiners_print_nothing(mark, tmp_path):
    """CLDR's Arabic amounts start with a right-to-left mark ("\\u200f550.00 €"), Persian words hold a zero-width
    non-joiner ("می‌کنند"): they order or join the text and must not print (Noto draws them as dotted symbols
    and bars), in a paragraph and in a table cell."""
    def ink(text: str) -> int:
        return _ink(build_pdf(_frame("ar"), [para(text), data_table(["x"], [[text]], [1])]).pdf, tmp_path, dpi=150)

    assert ink(f"{mark}{mark}{mark}") == ink("")


def test_brackets_inside_arabic_open_on_the_right_and_close_on_the_left(tmp_path):
    """"(local time)" inside Arabic: read right to left, the bracket that opens stands on the right of its words
    and looks like "(" from the left's point of view only where it closes (bidi rule L4 mirrors them)."""
    pdf = build_pdf(_frame("ar"), [para("المغادرة (بالتوقيت المحلي)")]).pdf
    (line,) = [line for line in _bbox_lines(pdf, tmp_path) if _ARABIC_LETTERS.search("".join(line))]
    shown = "".join(unicodedata.normalize("NFKC", w).translate(_EMBEDDINGS) for w in line)
    assert shown.startswith("(") and ")" in shown and shown.index("(") < shown.index(")"), line
    assert not shown.startswith(")"), line  # unmirrored, the closing bracket stood on the far left


@pytest.mark.parametrize("text", ["أنا GELASHVILI Maia، أؤكد", "Ali؛ Nino؟", "«Maia»، هنا"])
def test_arabic_punctuation_beside_a_latin_name_prints_in_a_font_that_has_it(text):
    """An Arabic comma, semicolon or question mark right after a Latin name (a placeholder filled in) is set in
    the Arabic font: in the house font it printed as an empty box."""
    register_fonts()
    for system, chunk in text_runs(text):
        font = pdfmetrics.getFont(font_name(system))
        assert all(ord(c) in font.face.charToGlyph for c in chunk if not c.isspace()), (system.key, chunk)


_PERSIAN_SENTENCE = ("افرادی که نامشان در بالا آمده است در مکان\u200cهای مشخص\u200cشده از شما استقبال می\u200cکنند؛ "
                     "به دنبال تابلویی با نام خود بگردید یا از باجه اطلاعات بپرسید.")


@pytest.mark.parametrize("width_mm", [72, 112, 130, 150])
def test_a_persian_sentence_with_non_joiners_keeps_every_word_at_any_width(width_mm, tmp_path):
    """The bidi algorithm drops a ZWNJ (rule X9): a line holding some lost its last words ("با", "به") when
    its pieces were matched to the algorithm's characters by position."""
    pdf = build_pdf(_frame("fa"), [Table([[para(_PERSIAN_SENTENCE, "statement")]], colWidths=[width_mm * mm])]).pdf
    fold = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u200c\u200f\u200e"), None)
    shown = unicodedata.normalize("NFKC", _poppler("pdftotext", pdf, tmp_path)).translate(fold).split()
    wanted = unicodedata.normalize("NFKC", _PERSIAN_SENTENCE).translate(fold).split()
    assert sorted(set(wanted) - set(shown)) == []


class _NotAscii(str):
    """Text that does not say it is ASCII: the per-character path of ``word_runs`` and ``needs_shaping``."""

    def isascii(self) -> bool:
        return False


@pytest.mark.parametrize("text", ["Khutsishvili", "VNO-2026-00042", "a,b;c", "=1+2", "tab\there", "bell\x07x",
                                  "del\x7f", "", "O'Brien-Smith (2)"])
def test_ascii_text_takes_the_quick_path_to_the_runs_the_characters_give(text):
    """#14: a page asks the script of every character it prints; ASCII text (most of a page) is known to be in
    the house font at once, with the same runs and the same shaping answer as character by character."""
    from avrcase.documents import fonts

    for word in text.split():
        assert fonts.word_runs(word) == fonts.word_runs(_NotAscii(word)) == [(fonts.BASE, word)]
    assert fonts.needs_shaping(text) is fonts.needs_shaping(_NotAscii(text)) is False
    assert fonts.word_runs("Khutsishvili\u10e5") != [(fonts.BASE, "Khutsishvili\u10e5")]  # Georgian: not quick


def test_a_mongolian_word_is_hyphenated_by_mongolian_rules():
    """A Mongolian word too long for its column was split by Russian rules, which break a long vowel
    ("баталга-ажуулсан") and know no ө or ү; it is now split by Mongolian's, also in a bilingual document."""
    from avrcase.documents.paragraphs import _hyphenation_points, document_language

    with document_language("mn"):
        points = _hyphenation_points("баталгаажуулсан")
    assert ("баталгаа", "жуулсан") in points and ("баталга", "ажуулсан") not in points
    with document_language("lt"):
        assert ("хөдлө", "хөөсөө") in _hyphenation_points("хөдлөхөөсөө")
