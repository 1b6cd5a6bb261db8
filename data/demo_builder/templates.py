"""Name and kind templates of the synthetic actors and projects."""

from __future__ import annotations

# stage -> provider templates: (entity file, kind, English name, Chinese name)
PROVIDERS: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    "research_development": (
        ("agencies", "research_institute", "Industrial Technology Research Institute",
         "产业技术研究院"),
        ("platforms", "research_infrastructure", "Shared Instruments Platform", "大型仪器共享平台"),
        ("agencies", "rd_design", "R&D and Design Center", "研发设计中心"),
        ("talent_teams", "innovation_team", "R&D Service Innovation Team", "研发服务创新团队"),
        ("platforms", "engineering", "Engineering Technology Center", "工程技术中心"),
    ),
    "testing_certification": (
        ("agencies", "testing", "Testing and Inspection Center", "检验检测中心"),
        ("platforms", "testing_inspection", "Public Testing Platform", "公共检测服务平台"),
        ("agencies", "testing", "Quality Certification Co., Ltd.", "质量认证有限公司"),
    ),
    "intellectual_property": (
        ("agencies", "ip_service", "Intellectual Property Service Center", "知识产权服务中心"),
        ("agencies", "ip_service", "Patent Agency Co., Ltd.", "专利代理有限公司"),
        ("platforms", "information", "Patent Information Platform", "专利信息服务平台"),
    ),
    "technology_transfer": (
        ("agencies", "tech_transfer", "Technology Transfer Center", "技术转移中心"),
        ("platforms", "technology_trading", "Technology Trading Market", "技术交易市场"),
        ("talent_teams", "leading_talent", "Technology Brokerage Studio", "技术经纪工作室"),
        ("agencies", "productivity_center", "Productivity Promotion Center", "生产力促进中心"),
        ("agencies", "internationalization", "International Technology Transfer Center",
         "国际技术转移中心"),
    ),
    "incubation": (
        ("agencies", "incubator", "Business Incubator", "创业孵化器"),
        ("platforms", "pilot_incubation", "Pilot-scale and Incubation Platform", "中试孵化平台"),
        ("agencies", "incubator", "Maker Space", "众创空间"),
        ("agencies", "incubator", "Accelerator", "企业加速器"),
    ),
    "finance": (
        ("agencies", "venture_capital", "Venture Capital Co., Ltd.", "创业投资有限公司"),
        ("platforms", "finance", "S&T Finance Service Platform", "科技金融服务平台"),
        ("agencies", "finance", "S&T Guarantee Co., Ltd.", "科技融资担保有限公司"),
        ("agencies", "venture_capital", "Angel Investment Fund", "天使投资基金"),
    ),
    "consulting": (
        ("agencies", "consulting", "S&T Consulting Co., Ltd.", "科技咨询有限公司"),
        ("platforms", "information", "S&T Information Platform", "科技信息服务平台"),
    ),
    "comprehensive": (
        ("agencies", "comprehensive", "S&T Service Center", "科技服务中心"),
        ("platforms", "comprehensive", "One-stop S&T Service Platform", "一站式科技服务平台"),
    ),
    "popularization": (
        ("agencies", "other", "Science Popularization Center", "科普中心"),
        ("talent_teams", "training_base", "S&T Service Talent Training Base",
         "科技服务人才培养基地"),
    ),
}
STAGE_TEAM = {"research_development": ("R&D Service", "研发服务"),
              "technology_transfer": ("Technology Transfer Service", "技术转移服务"),
              "incubation": ("Incubation Service", "孵化服务"),
              "intellectual_property": ("IP Service", "知识产权服务")}
LEVEL_BY_KIND = {"venture_capital": "private", "consulting": "private", "finance": "private",
                 "ip_service": "private", "testing": "municipal", "incubator": "municipal",
                 "tech_transfer": "municipal", "research_institute": "provincial",
                 "rd_design": "private", "productivity_center": "municipal",
                 "internationalization": "provincial", "comprehensive": "municipal",
                 "other": "municipal"}
PEOPLE = (("Li Ming", "李明"), ("Wang Fang", "王芳"), ("Zhang Jun", "张军"), ("Liu Yang", "刘洋"),
          ("Chen Jing", "陈静"), ("Zhao Lei", "赵磊"), ("Sun Li", "孙丽"), ("Zhou Tao", "周涛"),
          ("Wu Hao", "吴昊"), ("Xu Na", "徐娜"), ("Ma Chao", "马超"), ("Hu Yan", "胡燕"))

TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "next-gen-it": (("Big-data analytics platform", "大数据分析平台"),
                    ("Information security gateway", "信息安全网关")),
    "mobile-internet": (("Mobile payment security chip", "移动支付安全芯片"),
                        ("Location-based service platform", "位置服务平台")),
    "next-gen-internet": (("IPv6 core router", "IPv6核心路由器"),
                          ("Software-defined networking controller", "软件定义网络控制器")),
    "cloud-computing": (("Cloud operating system", "云操作系统"),
                        ("Green data center", "绿色数据中心")),
    "internet-of-things": (("IoT gateway", "物联网网关"),),
    "smart-sensing": (("MEMS pressure sensor", "MEMS压力传感器"),
                      ("Wireless sensor network node", "无线传感网络节点")),
    "geospatial-information": (("BeiDou high-precision positioning", "北斗高精度定位"),
                               ("Remote-sensing image processing", "遥感影像处理")),
    "semiconductors": (("12-inch wafer process", "12英寸晶圆工艺"),
                       ("SoC design platform", "系统级芯片设计平台")),
    "semiconductor-lighting": (("High-brightness LED epitaxial wafer", "高亮度LED外延片"),
                               ("LED street-lighting module", "LED路灯模组")),
    "new-displays": (("AMOLED panel", "AMOLED面板"),
                     ("Flexible display module", "柔性显示模组")),
    "smart-terminals": (("Smartphone mainboard", "智能手机主板"),
                        ("Wearable device", "可穿戴设备")),
    "software-services": (("Industrial software suite", "工业软件套件"),
                          ("E-government cloud service", "电子政务云服务")),
    "artificial-intelligence": (("Speech recognition engine", "语音识别引擎"),
                                ("Machine-vision inspection", "机器视觉检测")),
    "laser-optoelectronics": (("Fiber laser", "光纤激光器"),
                              ("Laser cutting system", "激光切割系统"),
                              ("Optical communication module", "光通信模块")),
    "rail-transit-equipment": (("Traction converter", "牵引变流器"),
                               ("Urban rail vehicle bogie", "城轨车辆转向架")),
    "smart-grid-equipment": (("Smart meter", "智能电表"),
                             ("Grid-connected inverter", "并网逆变器")),
    "new-energy": (("Wind turbine blade", "风电叶片"),
                   ("Thin-film solar cell", "薄膜太阳能电池")),
    "aerospace-equipment": (("UAV flight control", "无人机飞控系统"),
                            ("Aero-engine blade", "航空发动机叶片")),
    "marine-equipment": (("Deep-sea drilling riser", "深海钻井隔水管"),),
    "intelligent-manufacturing": (("CNC machine tool", "数控机床"),
                                  ("Construction machinery control", "工程机械控制系统")),
    "industrial-robots": (("Six-axis industrial robot", "六轴工业机器人"),),
    "pharmaceuticals": (("Generic drug consistency evaluation", "仿制药一致性评价"),
                        ("Sustained-release tablet", "缓释片剂")),
    "biopharmaceuticals": (("Monoclonal antibody", "单克隆抗体"),
                           ("Recombinant vaccine", "重组疫苗")),
    "biomedicine": (("Gene sequencing service", "基因测序服务"),
                    ("Digital X-ray imaging system", "数字X射线成像系统")),
    "power-batteries": (("Lithium iron phosphate battery", "磷酸铁锂电池"),),
    "nanomaterials": (("Graphene conductive film", "石墨烯导电薄膜"),),
    "new-energy-vehicles": (("Electric bus powertrain", "电动客车动力总成"),),
    "automobiles": (("Lightweight auto body", "轻量化车身"),),
    "rare-earth-materials": (("Rare-earth permanent magnet", "稀土永磁材料"),),
    "advanced-metals": (("Titanium alloy sheet", "钛合金板材"),),
    "modern-agriculture": (("Water-saving irrigation", "节水灌溉"),),
    "footwear-leather": (("Eco-friendly leather tanning", "生态皮革鞣制"),),
}
PHASES = (("industrialization", "产业化项目"), ("technology transfer", "成果转化项目"),
          ("pilot-scale trial", "中试项目"))
PROGRAMS = ("torch", "innovation_fund", "national_major", "key_rd", "other", "torch")
STATUSES = ("landed", "industrialized", "transferring", "landed", "proposed", "industrialized")

