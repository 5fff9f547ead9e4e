"""The documents and questions ``bench docs`` and the tests use: a museum guide and a kiosk
printer manual in English, swimming-pool rules and a library guide in Chinese, written as
real PDF, HTML and Markdown files; plus the question set (each question names the words
that only its answer passage holds) and questions the documents do not answer.

Also makes filler passages (other topics, both languages) to grow an index to 10,000
passages, and long PDF manuals for indexing speed. Any thread; no Qt.
"""

from __future__ import annotations

import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

MUSEUM_PAGES = [
    "Visiting the City Museum. The museum opens at 9:00 and closes at 17:30 from Tuesday to Sunday. "
    "It is closed on Mondays and on the first of January. Last entry is half an hour before closing.",
    "Tickets. An adult ticket costs 12 euros. Children under 12 enter free of charge. Students with a "
    "valid card pay 8 euros. The audio guide can be rented at the entrance for 4 euros.",
    "Bags and lockers. Lockers for bags are on the lower floor next to the cloakroom; they take a "
    "one-euro coin that you get back. Large backpacks and umbrellas are not allowed in the galleries.",
    "Photography. Taking photos without flash is allowed in the permanent collection. Photography is not "
    "allowed in temporary exhibitions, and tripods and selfie sticks are not allowed anywhere.",
    "Food and accessibility. The café on the second floor serves lunch from 11:30 to 15:00. Wheelchairs "
    "can be borrowed free of charge at the information desk, and every floor is reached by lift.",
    "Guided tours. Guided tours in English start at 11:00 and 15:00 and last one hour; they are free with "
    "a ticket. Groups of more than ten people must book a tour two weeks in advance.",
]

PRINTER_SECTIONS = [
    (
        "Resetting the kiosk printer",
        "Hold the power button for ten seconds until the light blinks orange, "
        "then release it. The printer restarts and prints a test page.",
    ),
    (
        "Clearing a paper jam",
        "Open the front cover, pull the green lever down and remove the jammed paper "
        "slowly with both hands. Close the cover and press the resume key.",
    ),
    (
        "Replacing the toner",
        "When the screen shows low toner, open the top lid, lift the old cartridge "
        "out and slide the new cartridge in until it clicks. Recycle the old cartridge in the blue box.",
    ),
    (
        "Error codes",
        "Error E4 means the paper tray is empty: load A4 paper up to the line. Error E7 means "
        "the fuser is overheating: switch the printer off for thirty minutes.",
    ),
    (
        "Connecting to the network",
        "Press the settings key, choose Wireless, and select the network named "
        "KIOSK-PRINT. The printer gets its address by itself.",
    ),
    (
        "Cleaning",
        "Clean the glass of the scanner with a dry soft cloth once a week. Never spray liquid "
        "directly on the printer.",
    ),
]

POOL_PAGES = [
    "游泳馆开放时间。游泳馆每天早上六点开放，晚上十点关闭。每周三下午进行水质消毒，暂停开放两小时。",
    "入场须知。进入泳池必须佩戴泳帽，没有泳帽可以在前台购买，每顶十五元。入水前请先淋浴。",
    "儿童安全。十二岁以下的儿童必须由成年人陪同才能进入泳池。身高不足一米二的儿童只能在浅水区活动。",
    "深水区规定。进入深水区需要出示深水合格证。深水合格证可以在前台报名考试，考试内容是连续游两百米。",
    "储物柜。更衣室的储物柜需要交纳十元押金，离开时归还钥匙即可退还押金。贵重物品请交给前台保管。",
    "禁止事项。泳池区域禁止饮食、禁止吸烟，也不允许带玻璃瓶进入。患有皮肤病的人不得入池。",
]

LIBRARY_SECTIONS = [
    ("借书规则", "读者凭借书证每次最多可以借十本书，借期为三十天。期刊和工具书只能在馆内阅读，不能外借。"),
    ("续借与逾期", "图书到期前可以在自助机上续借一次，续借期限为十五天。逾期归还的图书每本每天罚款一角。"),
    ("自习室", "三楼自习室早上八点开放，晚上九点关闭，需要提前在网上预约座位，每次最多使用四个小时。"),
    ("打印与复印", "一楼服务台提供打印和复印服务，黑白打印每页五角，彩色打印每页两元，可以用借书证付款。"),
    ("还书箱", "图书馆闭馆时，可以把图书放进正门左侧的还书箱，第二天工作人员会办理归还手续。"),
    ("无线网络", "馆内提供免费无线网络，网络名称是LIB-FREE，登录时需要输入借书证号码和密码。"),
]


@dataclass(frozen=True)
class Question:
    text: str
    language: str  # "en" or "zh"
    answer: str  # words that only the passage answering it holds


QUESTIONS = (
    Question("When does the museum close?", "en", "closes at 17:30"),
    Question("Is the museum open on Mondays?", "en", "closed on Mondays"),
    Question("How much is an adult ticket?", "en", "adult ticket costs 12 euros"),
    Question("Do children have to pay to enter?", "en", "Children under 12"),
    Question("Where can I leave my bag?", "en", "Lockers for bags"),
    Question("Can I take pictures in the temporary exhibition?", "en", "Photography is not"),
    Question("When is lunch served in the café?", "en", "serves lunch"),
    Question("Can I borrow a wheelchair?", "en", "Wheelchairs"),
    Question("What time do the guided tours in English start?", "en", "Guided tours in English"),
    Question("How do I reset the printer?", "en", "power button for ten seconds"),
    Question("The paper is stuck in the printer, what should I do?", "en", "jammed paper"),
    Question("What does error E4 mean?", "en", "Error E4"),
    Question("How do I put in a new toner cartridge?", "en", "new cartridge"),
    Question("游泳馆几点关门？", "zh", "晚上十点关闭"),
    Question("没有泳帽可以进泳池吗？", "zh", "必须佩戴泳帽"),
    Question("小孩可以自己去游泳吗？", "zh", "成年人陪同"),
    Question("怎样才能去深水区游泳？", "zh", "深水合格证"),
    Question("储物柜押金是多少钱？", "zh", "十元押金"),
    Question("泳池里可以吃东西吗？", "zh", "禁止饮食"),
    Question("一次最多可以借几本书？", "zh", "最多可以借十本书"),
    Question("书过期了要罚多少钱？", "zh", "每天罚款一角"),
    Question("自习室开放到几点？", "zh", "晚上九点关闭"),
    Question("彩色打印多少钱一页？", "zh", "彩色打印每页两元"),
    Question("闭馆的时候怎么还书？", "zh", "还书箱"),
    Question("What is the name of the library's wifi network?", "en", "LIB-FREE"),
    Question("博物馆的成人门票多少钱？", "zh", "adult ticket costs 12 euros"),
)

UNANSWERED = (
    Question("What is the capital of Australia?", "en", ""),
    Question("How do I bake sourdough bread?", "en", ""),
    Question("Who won the football world cup in 2018?", "en", ""),
    Question("What is the boiling point of water on Mount Everest?", "en", ""),
    Question("法国的首都是哪里？", "zh", ""),
    Question("怎么做红烧肉？", "zh", ""),
    Question("明天北京会下雨吗？", "zh", ""),
    Question("太阳离地球有多远？", "zh", ""),
)


def find_cjk_font() -> Path | None:
    """A TrueType font with Chinese glyphs (Debian's fonts-wqy-microhei or Noto CJK)."""
    for candidate in (
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    ):
        if Path(candidate).is_file():
            return Path(candidate)
    return None


def write_pdf(path: Path, pages: list[str], password: str = "") -> Path:
    """A real PDF with one text page per item (fpdf2). Text that Latin-1 cannot hold is set
    in a CJK font (``find_cjk_font``); lines are wrapped here and placed one by one, which is
    ten times faster than fpdf2's own paragraph layout for long manuals."""
    from fpdf import FPDF

    pdf = FPDF()
    font = find_cjk_font()
    latin = all(text.isascii() or _latin1(text) for text in pages)
    if font is not None and not latin:
        pdf.add_font("cjk", fname=str(font))
        pdf.set_font("cjk", size=12)
        width = 40  # characters per line of Chinese text
    else:
        pdf.set_font("helvetica", size=12)
        width = 85
    if password:
        pdf.set_encryption(owner_password=password + "-owner", user_password=password)
    for text in pages:
        pdf.add_page()
        lines = (
            textwrap.wrap(text, width)
            if text.isascii()
            else [text[i : i + width] for i in range(0, len(text), width)]
        )
        for number, line in enumerate(lines):
            pdf.text(15, 20 + 7 * number, line)
    pdf.output(str(path))
    return path


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def write_image_pdf(path: Path, pages: int = 2) -> Path:
    """A "scanned" PDF: each page only a picture (of text), no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    pdf = FPDF()
    picture = path.with_suffix(".png")
    image = Image.new("RGB", (800, 300), "white")
    ImageDraw.Draw(image).text((20, 120), "Opening hours: 9:00 - 17:30 (scanned page)", fill="black")
    image.save(picture)
    for _ in range(pages):
        pdf.add_page()
        pdf.image(str(picture), x=10, y=10, w=180)
    pdf.output(str(path))
    picture.unlink()
    return path


def write_html(path: Path, title: str, sections: list[tuple[str, str]]) -> Path:
    body = "".join(f"<h2>{heading}</h2>\n<p>{text}</p>\n" for heading, text in sections)
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
        f"<style>p {{ margin: 1em }}</style><script>var x = 'not text';</script></head>"
        f"<body><h1>{title}</h1>\n{body}</body></html>",
        encoding="utf-8",
    )
    return path


def write_markdown(path: Path, title: str, sections: list[tuple[str, str]]) -> Path:
    body = "".join(f"## {heading}\n\n{text}\n\n" for heading, text in sections)
    path.write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return path


def write_site_documents(folder: Path) -> list[Path]:
    """The four documents of the question set, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    return [
        write_pdf(folder / "museum-guide.pdf", MUSEUM_PAGES),
        write_html(folder / "printer-manual.html", "Kiosk printer manual", PRINTER_SECTIONS),
        write_pdf(folder / "游泳馆须知.pdf", POOL_PAGES),
        write_markdown(folder / "图书馆指南.md", "图书馆使用指南", LIBRARY_SECTIONS),
    ]


_EN_TOPICS = (
    ("The {adj} {thing} in {place} was repaired on day {n} by a team of {m} workers.", "Engineering"),
    (
        "Farmers near {place} harvested {n} tonnes of {crop} this season, {m} percent more than last year.",
        "Farming",
    ),
    ("The {adj} train from {place} to the coast now runs every {n} minutes on weekdays.", "Transport"),
    ("A recipe for {crop} soup: boil {n} grams of {crop} with {m} onions for twenty minutes.", "Cooking"),
    ("The {adj} orchestra of {place} played symphony number {n} to an audience of {m} people.", "Music"),
    ("Astronomers measured the {adj} comet at {n} million kilometres from the sun on night {m}.", "Science"),
)
_ZH_TOPICS = (
    "{place}的{thing}在第{n}天由{m}名工人修好了。",
    "今年{place}附近的农民收获了{n}吨{crop}，比去年多了百分之{m}。",
    "从{place}开往海边的列车工作日每{n}分钟一班。",
    "{crop}汤的做法：把{n}克{crop}和{m}个洋葱一起煮二十分钟。",
    "{place}交响乐团为{m}位观众演奏了第{n}号交响曲。",
    "天文学家在第{m}个夜晚测得彗星距离太阳{n}百万公里。",
)
_WORDS = {
    "adj": ("old", "new", "northern", "small", "large", "quiet", "busy", "famous"),
    "thing": ("bridge", "tower", "road", "station", "factory", "harbour", "mill", "dam"),
    "place": ("Riverton", "Eastwick", "Lakeside", "Hillford", "Marston", "Oakridge", "Brookvale"),
    "crop": ("wheat", "barley", "potatoes", "carrots", "apples", "rice", "corn"),
}
_ZH_WORDS = {
    "thing": ("大桥", "塔楼", "公路", "车站", "工厂", "码头", "水坝"),
    "place": ("河东", "湖滨", "山城", "北港", "松原", "青石", "云溪"),
    "crop": ("小麦", "大麦", "土豆", "胡萝卜", "苹果", "水稻", "玉米"),
}


def filler_passages(count: int, seed: int = 7) -> list[str]:
    """``count`` passages of three to four sentences on other topics (about 60 % English,
    40 % Chinese), each about one index passage long."""
    rng = random.Random(seed)
    passages = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(3, 4)):
            n, m = rng.randint(2, 900), rng.randint(2, 90)
            if number % 5 < 3:
                template, _topic = rng.choice(_EN_TOPICS)
                words = {k: rng.choice(v) for k, v in _WORDS.items()}
            else:
                template = rng.choice(_ZH_TOPICS)
                words = {k: rng.choice(v) for k, v in _ZH_WORDS.items()}
            sentences.append(template.format(n=n, m=m, **words))
        passages.append(" ".join(sentences))
    return passages


def manual_pages(count: int, seed: int = 11) -> list[str]:
    """Pages of a long product manual (two passages' worth of text each)."""
    rng = random.Random(seed)
    parts = ("valve", "filter", "pump", "sensor", "panel", "motor", "belt", "switch", "cable", "fan")
    pages = []
    for number in range(1, count + 1):
        lines = [f"Chapter {number // 20 + 1}, section {number}."]
        for _ in range(8):
            part = rng.choice(parts)
            lines.append(
                f"Check the {part} number {rng.randint(1, 99)} every {rng.randint(2, 60)} days; if it shows "
                f"wear, replace it with spare part {rng.randint(1000, 9999)} and note the date in the log."
            )
        pages.append(" ".join(lines))
    return pages
