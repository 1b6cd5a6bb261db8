"""Regions and park names of the real skeleton: the reference file's cities, and a plain
English rendering of the zones' Chinese names (see data/demo/README.md, Provenance)."""

from __future__ import annotations

import re

# --- regions ------------------------------------------------------------------------------

# City names as written in the reference file (the part before any parenthesis) ->
# (id slug, English name). The county-level unit in parentheses (e.g. 苏州(昆山市)) is
# folded into its prefecture-level city.
CITIES: dict[str, tuple[str, str]] = {
    "北京": ("beijing-city", "Beijing"), "天津": ("tianjin-city", "Tianjin"),
    "石家庄": ("shijiazhuang", "Shijiazhuang"), "保定": ("baoding", "Baoding"),
    "唐山": ("tangshan", "Tangshan"), "廊坊": ("langfang", "Langfang"),
    "承德": ("chengde", "Chengde"), "雄安新区": ("xiongan", "Xiong'an New Area"),
    "太原": ("taiyuan", "Taiyuan"), "长治": ("changzhi", "Changzhi"),
    "包头": ("baotou", "Baotou"), "呼和浩特": ("hohhot", "Hohhot"),
    "鄂尔多斯": ("ordos", "Ordos"), "沈阳": ("shenyang", "Shenyang"),
    "大连": ("dalian", "Dalian"), "鞍山": ("anshan", "Anshan"), "营口": ("yingkou", "Yingkou"),
    "辽阳": ("liaoyang", "Liaoyang"), "本溪": ("benxi", "Benxi"), "锦州": ("jinzhou", "Jinzhou"),
    "阜新": ("fuxin", "Fuxin"), "长春": ("changchun", "Changchun"),
    "吉林": ("jilin-city", "Jilin"), "延边州": ("yanbian", "Yanbian Prefecture"),
    "通化": ("tonghua", "Tonghua"), "哈尔滨": ("harbin", "Harbin"), "大庆": ("daqing", "Daqing"),
    "齐齐哈尔": ("qiqihar", "Qiqihar"), "上海": ("shanghai-city", "Shanghai"),
    "南京": ("nanjing", "Nanjing"), "苏州": ("suzhou", "Suzhou"), "无锡": ("wuxi", "Wuxi"),
    "常州": ("changzhou", "Changzhou"), "泰州": ("taizhou", "Taizhou"),
    "徐州": ("xuzhou", "Xuzhou"), "南通": ("nantong", "Nantong"),
    "镇江": ("zhenjiang", "Zhenjiang"), "盐城": ("yancheng", "Yancheng"),
    "连云港": ("lianyungang", "Lianyungang"), "扬州": ("yangzhou", "Yangzhou"),
    "宿迁": ("suqian", "Suqian"), "淮安": ("huaian", "Huai'an"),
    "杭州": ("hangzhou", "Hangzhou"), "宁波": ("ningbo", "Ningbo"),
    "绍兴": ("shaoxing", "Shaoxing"), "温州": ("wenzhou", "Wenzhou"), "衢州": ("quzhou", "Quzhou"),
    "湖州": ("huzhou", "Huzhou"), "嘉兴": ("jiaxing", "Jiaxing"), "合肥": ("hefei", "Hefei"),
    "蚌埠": ("bengbu", "Bengbu"), "芜湖": ("wuhu", "Wuhu"), "马鞍山": ("maanshan", "Ma'anshan"),
    "铜陵": ("tongling", "Tongling"),
    "淮南": ("huainan", "Huainan"), "滁州": ("chuzhou", "Chuzhou"),
    "福州": ("fuzhou", "Fuzhou"), "厦门": ("xiamen", "Xiamen"), "泉州": ("quanzhou", "Quanzhou"),
    "莆田": ("putian", "Putian"),
    "漳州": ("zhangzhou", "Zhangzhou"), "三明": ("sanming", "Sanming"),
    "龙岩": ("longyan", "Longyan"), "南昌": ("nanchang", "Nanchang"), "新余": ("xinyu", "Xinyu"),
    "景德镇": ("jingdezhen", "Jingdezhen"), "鹰潭": ("yingtan", "Yingtan"),
    "抚州": ("fuzhou-jiangxi", "Fuzhou (Jiangxi)"), "吉安": ("jian", "Ji'an"),
    "赣州": ("ganzhou", "Ganzhou"), "九江": ("jiujiang", "Jiujiang"), "宜春": ("yichun", "Yichun"),
    "济南": ("jinan", "Jinan"), "威海": ("weihai", "Weihai"), "青岛": ("qingdao", "Qingdao"),
    "潍坊": ("weifang", "Weifang"), "淄博": ("zibo", "Zibo"), "济宁": ("jining", "Jining"),
    "烟台": ("yantai", "Yantai"), "临沂": ("linyi", "Linyi"), "泰安": ("taian", "Tai'an"),
    "枣庄": ("zaozhuang", "Zaozhuang"), "德州": ("dezhou", "Dezhou"),
    "东营": ("dongying", "Dongying"), "郑州": ("zhengzhou", "Zhengzhou"),
    "洛阳": ("luoyang", "Luoyang"), "安阳": ("anyang", "Anyang"), "南阳": ("nanyang", "Nanyang"),
    "新乡": ("xinxiang", "Xinxiang"), "平顶山": ("pingdingshan", "Pingdingshan"),
    "焦作": ("jiaozuo", "Jiaozuo"), "信阳": ("xinyang", "Xinyang"), "武汉": ("wuhan", "Wuhan"),
    "襄阳": ("xiangyang", "Xiangyang"), "宜昌": ("yichang", "Yichang"),
    "孝感": ("xiaogan", "Xiaogan"), "荆门": ("jingmen", "Jingmen"), "仙桃": ("xiantao", "Xiantao"),
    "随州": ("suizhou", "Suizhou"), "黄冈": ("huanggang", "Huanggang"),
    "咸宁": ("xianning", "Xianning"), "荆州": ("jingzhou", "Jingzhou"),
    "黄石": ("huangshi", "Huangshi"), "潜江": ("qianjiang", "Qianjiang"),
    "长沙": ("changsha", "Changsha"), "株洲": ("zhuzhou", "Zhuzhou"),
    "湘潭": ("xiangtan", "Xiangtan"),
    "益阳": ("yiyang", "Yiyang"), "衡阳": ("hengyang", "Hengyang"),
    "郴州": ("chenzhou", "Chenzhou"),
    "常德": ("changde", "Changde"), "怀化": ("huaihua", "Huaihua"),
    "广州": ("guangzhou", "Guangzhou"), "深圳": ("shenzhen", "Shenzhen"),
    "中山": ("zhongshan", "Zhongshan"),
    "佛山": ("foshan", "Foshan"), "惠州": ("huizhou", "Huizhou"),
    "珠海": ("zhuhai", "Zhuhai"), "东莞": ("dongguan", "Dongguan"),
    "肇庆": ("zhaoqing", "Zhaoqing"),
    "江门": ("jiangmen", "Jiangmen"), "河源": ("heyuan", "Heyuan"),
    "清远": ("qingyuan", "Qingyuan"), "汕头": ("shantou", "Shantou"),
    "湛江": ("zhanjiang", "Zhanjiang"), "茂名": ("maoming", "Maoming"),
    "南宁": ("nanning", "Nanning"), "桂林": ("guilin", "Guilin"), "柳州": ("liuzhou", "Liuzhou"),
    "北海": ("beihai", "Beihai"), "海口": ("haikou", "Haikou"),
    "重庆": ("chongqing-city", "Chongqing"), "成都": ("chengdu", "Chengdu"),
    "绵阳": ("mianyang", "Mianyang"),
    "自贡": ("zigong", "Zigong"), "内江": ("neijiang", "Neijiang"),
    "乐山": ("leshan", "Leshan"), "泸州": ("luzhou", "Luzhou"),
    "攀枝花": ("panzhihua", "Panzhihua"), "德阳": ("deyang", "Deyang"),
    "贵阳": ("guiyang", "Guiyang"), "安顺": ("anshun", "Anshun"), "遵义": ("zunyi", "Zunyi"),
    "昆明": ("kunming", "Kunming"), "玉溪": ("yuxi", "Yuxi"),
    "楚雄州": ("chuxiong", "Chuxiong Prefecture"), "西安": ("xian", "Xi'an"),
    "宝鸡": ("baoji", "Baoji"), "杨凌示范区": ("yangling", "Yangling Demonstration Zone"),
    "渭南": ("weinan", "Weinan"), "榆林": ("yulin", "Yulin"), "咸阳": ("xianyang", "Xianyang"),
    "安康": ("ankang", "Ankang"), "兰州": ("lanzhou", "Lanzhou"), "白银": ("baiyin", "Baiyin"),
    "西宁": ("xining", "Xining"), "银川": ("yinchuan", "Yinchuan"),
    "石嘴山": ("shizuishan", "Shizuishan"), "乌鲁木齐": ("urumqi", "Urumqi"),
    "昌吉州": ("changji", "Changji Prefecture"), "石河子": ("shihezi", "Shihezi"),
    "克拉玛依": ("karamay", "Karamay"),
}

# --- park names: suffix and word tables for a plain English rendering -----------------------

PARK_SUFFIXES: tuple[tuple[str, str, str], ...] = (  # (Chinese, English, slug tail)
    ("农业高新技术产业示范区", "Agricultural Hi-tech Industries Demonstration Zone",
     "agricultural"),
    ("火炬高技术产业开发区", "Torch Hi-tech Industrial Development Zone", "torch"),
    ("高新技术产业开发区", "Hi-tech Industrial Development Zone", ""),
    ("高新技术产业园区", "Hi-tech Industrial Park", ""),
    ("新技术开发区", "New Technology Development Zone", ""),
    ("工业园区", "Industrial Park", "industrial-park"),
    ("科技园区", "Science Park", ""),
)
PARK_WORDS: dict[str, str] = {
    **{zh: en.removesuffix(" Prefecture") for zh, (_, en) in CITIES.items()},
    "抚州": "Fuzhou (Jiangxi)", "市": "", "中关村": "Zhongguancun", "滨海": "Binhai",
    "燕郊": "Yanjiao", "河北": "Hebei", "雄安": "Xiong'an", "稀土": "Rare Earth",
    "金山": "Jinshan", "净月": "Jingyue", "延吉": "Yanji", "医药": "Pharmaceutical",
    "张江": "Zhangjiang", "紫竹": "Zizhu", "昆山": "Kunshan", "江阴": "Jiangyin",
    "武进": "Wujin", "常熟": "Changshu", "萧山": "Xiaoshan", "临江": "Linjiang",
    "莫干山": "Moganshan", "慈湖": "Cihu", "狮子山": "Shizishan", "共青城": "Gongqingcheng",
    "丰城": "Fengcheng", "莱芜": "Laiwu", "黄河三角洲": "Yellow River Delta",
    "东湖": "East Lake", "大冶湖": "Dayehu", "松山湖": "Songshan Lake", "仲恺": "Zhongkai",
    "璧山": "Bishan", "荣昌": "Rongchang", "永川": "Yongchuan", "钒钛": "Vanadium-Titanium",
    "杨凌": "Yangling", "青海": "Qinghai", "楚雄": "Chuxiong", "昌吉": "Changji",
    "新疆生产建设兵团": "Xinjiang Production and Construction Corps",
}

def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")


def translate(prefix: str) -> str:
    """Greedy longest-match of a Chinese place prefix against PARK_WORDS."""
    words: list[str] = []
    i = 0
    while i < len(prefix):
        for j in range(len(prefix), i, -1):
            if prefix[i:j] in PARK_WORDS:
                if PARK_WORDS[prefix[i:j]]:
                    words.append(PARK_WORDS[prefix[i:j]])
                i = j
                break
        else:
            raise SystemExit(f"no English for {prefix[i:]!r} in park name prefix {prefix!r}")
    return " ".join(words)


def park_names(name_zh: str) -> tuple[str, str, str, str]:
    """-> (slug, English name, English short name, Chinese short name) of a zone."""
    for suffix_zh, suffix_en, tail in PARK_SUFFIXES:
        if name_zh.endswith(suffix_zh):
            prefix = name_zh[: -len(suffix_zh)]
            short_en = translate(prefix)
            slug = slugify(short_en + (" " + tail if tail else ""))
            label_en, label_zh = short_en, prefix.removesuffix("市")
            if tail == "industrial-park":
                label_en, label_zh = f"{short_en} Industrial Park", f"{label_zh}工业园区"
            elif tail == "torch":
                label_en, label_zh = f"{short_en} Torch", f"{label_zh}火炬"
            return slug, f"{short_en} {suffix_en}", label_en, label_zh
    raise SystemExit(f"unknown park name pattern: {name_zh}")

