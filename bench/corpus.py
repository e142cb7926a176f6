"""Realistic 12345 appeals for the benchmarks: places, callers and the texts of their appeals.

Places are the districts, streets and roads of a prefecture-level city (常州市); texts are typical
appeals written the way an agent records a call or a citizen types on the web. Each appeal is one
of 94 base templates over 28 topics, with slots filled from the place and one of 14 openings and 9
closing demands (several hundred sentence shapes, millions of distinct texts), so the full-text
filter meets a realistic vocabulary: 物业 is in 12% of the orders, 小区 in 5%, 蜂窝 and 古树名木 in
about 400 of a million.

Everything is drawn from a seeded ``random.Random`` so a given seed always makes the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from hotline.domain.enums import AppealType, Channel, Urgency

INQ, H, C, R, S, P = (AppealType.INQUIRY, AppealType.HELP, AppealType.COMPLAINT, AppealType.REPORT,
                    AppealType.SUGGESTION, AppealType.PRAISE)


@dataclass(frozen=True)
class District:
    code: str  # unit code of the district government
    name: str
    weight: float
    centre: tuple[float, float]
    roads: tuple[str, ...]
    streets: tuple[tuple[str, str, tuple[str, ...]], ...]  # (unit code, name, communities)


DISTRICTS: tuple[District, ...] = (
    District("d-tianning", "天宁区", 0.17, (31.779, 119.974),
             ("延陵东路", "青洋北路", "竹林西路", "红梅南路", "关河东路"), (
        ("s-qinglong", "青龙街道", ("青龙苑社区", "东方社区", "龙锦社区")),
        ("s-hongmei", "红梅街道", ("红梅新村社区", "北郊社区", "永宁社区")),
        ("s-chashan", "茶山街道", ("丽华新村社区", "茶山社区", "翠竹社区")),
    )),
    District("d-zhonglou", "钟楼区", 0.17, (31.784, 119.919), ("南大街", "延陵西路", "怀德中路", "勤业路", "广化街"), (
        ("s-wuxing", "五星街道", ("五星社区", "花园社区", "永红社区")),
        ("s-nandajie", "南大街街道", ("双桂坊社区", "西横街社区")),
        ("s-xilin", "西林街道", ("西林社区", "白荡社区", "宝龙社区")),
    )),
    District("d-xinbei", "新北区", 0.22, (31.830, 119.975), ("太湖东路", "通江中路", "河海东路", "龙锦路", "汉江路"), (
        ("s-sanjing", "三井街道", ("河海社区", "三井社区", "府琛社区")),
        ("s-longhutang", "龙虎塘街道", ("龙虎塘社区", "新龙社区")),
        ("s-xuejia", "薛家镇", ("薛家社区", "顺园社区")),
    )),
    District("d-wujin", "武进区", 0.30, (31.718, 119.942), ("人民中路", "常武中路", "延政中路", "花园街", "聚湖路"), (
        ("s-hutang", "湖塘镇", ("湖塘花园社区", "纺织城社区", "马杭社区")),
        ("s-niutang", "牛塘镇", ("牛塘社区", "卢家巷社区")),
        ("s-niutang2", "南夏墅街道", ("南夏墅社区", "东安社区")),
    )),
    District("d-jintan", "金坛区", 0.14, (31.723, 119.597),
             ("东门大街", "金坛大道", "南环一路", "华城路", "西门大街"), (
        ("s-xicheng", "西城街道", ("西城社区", "丰登社区")),
        ("s-jincheng", "金城镇", ("金城社区", "后阳社区")),
    )),
)

ESTATES = ("翠竹新村", "锦绣华庭", "阳光花园", "龙城公寓", "东方明珠苑", "新城逸境", "金色家园", "香榭丽舍",
           "景秀世家", "万福花园", "清潭新村", "朝阳新村", "白云新村", "花园新村", "星河国际", "御城", "九洲花园",
           "红梅西村", "丽华北村", "永红里")
SHOPS = ("惠民超市", "好又多便利店", "老地方餐馆", "兰州拉面馆", "鑫源五金店", "美好生活药房", "阿强烧烤",
         "快乐宝贝培训中心", "速达快递站", "新世纪网吧", "华联生鲜", "丽人美发店")
COMPANIES = ("常州某建筑工程有限公司", "某物业服务有限公司", "某电子科技有限公司", "某纺织有限公司",
             "某餐饮管理有限公司", "某汽车销售服务有限公司", "某保安服务有限公司", "某房地产开发有限公司")
SCHOOLS = ("实验小学", "第二中学", "外国语学校", "局前街小学", "北郊中学", "星辰幼儿园")
HOSPITALS = ("市第一人民医院", "市第二人民医院", "市中医医院", "市妇幼保健院", "区人民医院", "社区卫生服务中心")
BUS_LINES = ("2路", "11路", "15路", "23路", "32路", "B1路", "B11路", "39路", "61路")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈"
TITLES = ("先生", "女士", "先生", "女士", "阿姨", "师傅", "同学", "老师")

PHONE_OPENINGS = ("市民来电反映：", "来电人称，", "市民来电：", "来电人反映：", "市民致电12345反映，")
WRITTEN_OPENINGS = ("网友留言：", "市民通过网站反映：", "市民留言称，", "诉求人反映：", "")
INQUIRY_OPENINGS = ("市民来电咨询：", "来电人咨询：", "市民咨询：", "网友咨询：")
CLOSINGS = ("希望有关部门尽快处理。", "请相关部门核实处理并回复。", "来电人情绪较激动，要求尽快答复。",
            "诉求人要求保密。", "请尽快安排人员到现场查看。", "此前已多次反映未果，请予以重视。", "", "",
            "请职能部门依法处理。", "希望给予明确答复。")

# (topic "level1/level2", appeal type, weight, title, content). Slots: {district} {street} {community}
# {road} {num} {estate} {building} {date} {months} {amount} {shop} {company} {school} {hospital} {bus}.
_T = tuple[str, AppealType, float, str, str]
TEMPLATES: tuple[_T, ...] = (
    ("城乡建设/物业", C, 3, "{estate}物业不作为，楼道垃圾长期无人清理",
     "{district}{street}{estate}{building}楼道内堆放的垃圾已有一周无人清理，气味难闻，多次联系物业均称人手不足，要求物业公司履行保洁义务。"),
    ("城乡建设/物业", C, 3, "{estate}电梯频繁故障，物业维修不及时",
     "{estate}{building}电梯自{date}起多次停运，曾有老人被困半小时，物业称需业主分摊维修费，认为应由物业申请维修资金，要求尽快修复。"),
    ("城乡建设/物业", INQ, 2, "咨询住宅专项维修资金如何申请使用",
     "{estate}屋面漏水，想申请使用住宅专项维修资金维修，需要哪些材料、经过哪些程序，多长时间能批下来？"),
    ("城乡建设/物业", H, 2, "{estate}停车位被物业擅自出租给外来车辆",
     "{district}{estate}地面停车位本就紧张，物业自{date}起将部分车位按月出租给小区外车辆，业主晚上回家无处停车，请协调处理。"),
    ("城乡建设/物业", C, 2, "{estate}物业费上涨未经业主大会同意",
     "{estate}物业公司贴出通知，物业费每平方米上涨{amount}元，未召开业主大会，也未公示收支情况，业主普遍不认可，请住建部门核查。"),
    ("城乡建设/物业", C, 1.5, "{estate}小区监控长期损坏",
     "{estate}小区内多处监控探头损坏已有{months}个月，近期发生多起电动车电瓶被盗，物业以费用不足为由拒绝维修。"),
    ("城乡建设/违法建设", R, 1.5, "举报{estate}顶楼业主违规搭建阳光房",
     "{street}{estate}{building}顶楼住户近日在楼顶平台搭建钢结构阳光房，施工噪音大，且存在安全隐患，要求执法部门上门查处。"),
    ("城乡建设/违法建设", R, 1, "举报{community}有人在绿化带上加盖简易房",
     "{community}附近{road}边的绿化带内，有人用彩钢板加盖了两间简易房用于堆放杂物，已持续一个多月，请核实查处。"),
    ("城乡建设/违法建设", R, 1, "举报一楼住户私自开挖地下室",
     "{estate}{building}一楼住户正在私自向下开挖地下室，影响楼体安全，楼上住户十分担心，请尽快制止。"),
    ("城乡建设/房屋质量", H, 1.5, "新交付商品房墙体开裂、窗户渗水",
     "其于{date}收房的{estate}{building}，入住不久即发现客厅墙体多处开裂，下雨时窗户渗水，开发商推诿不予维修，请求督促开发商履行保修责任。"),
    ("城乡建设/拆迁安置", INQ, 1, "咨询{street}老旧小区改造何时开工",
     "听说{street}{estate}已列入今年老旧小区改造计划，想了解具体改造内容、开工时间以及是否需要居民出资。"),
    ("城乡建设/拆迁安置", H, 1, "安置房交付延期，要求明确交房时间",
     "其为{district}某地块拆迁户，原定{date}交付的安置房至今未交付，过渡费也未按时发放，请求明确交房时间并督促发放过渡费。"),
    ("城乡建设/住房保障", INQ, 1, "咨询公租房申请条件",
     "本人为外地来常务工人员，在{district}工作已满两年并缴纳社保，能否申请公共租赁住房？需要准备哪些材料，到哪里办理？"),
    ("城乡建设/房地产", C, 1, "开发商逾期未办理不动产权证",
     "{estate}业主于{date}交房，开发商至今未办理不动产权证，影响孩子上学落户，请相关部门督促开发商尽快办证。"),
    ("城市管理/噪声", C, 3, "夜间工地施工噪音扰民",
     "{road}{num}号附近工地每天夜间十点后仍在施工，打桩声、渣土车进出声很大，严重影响周边{estate}居民休息，要求核实是否办理夜间施工许可并予以制止。"),
    ("城市管理/噪声", C, 2, "{road}沿街商铺音响声音过大",
     "{district}{road}沿街多家商铺门口摆放大功率音响招揽顾客，从早到晚播放，附近居民不堪其扰，请城管部门处理。"),
    ("城市管理/噪声", C, 2, "广场舞音乐声音太大影响休息",
     "{community}小游园每天晚上七点到九点半有人跳广场舞，音响声音很大，家中有备考学生，希望协调降低音量、缩短时间。"),
    ("城市管理/占道经营", C, 2, "{road}早市占道经营，道路拥堵",
     "{road}与{road2}交叉口每天早上有流动摊贩占道经营，车辆行人通行困难，地面污水横流，请城管部门加强管理。"),
    ("城市管理/占道经营", C, 1.5, "{shop}长期占用人行道摆放桌椅",
     "{road}{num}号{shop}每天晚上在人行道上摆放桌椅经营，行人只能走机动车道，存在安全隐患，请依法处理。"),
    ("城市管理/市容环境", C, 2, "{road}垃圾桶满溢无人清运",
     "{district}{road}{num}号附近的垃圾桶连续几天满溢，垃圾散落一地，天气炎热臭味很大，请环卫部门及时清运。"),
    ("城市管理/市容环境", S, 1, "建议在{community}增设分类垃圾投放点",
     "{community}只有一个垃圾分类投放点，距离多数住户较远，老人投放不便，建议增设投放点并延长开放时间。"),
    ("城市管理/渣土", R, 1, "渣土车沿路抛洒，道路污染严重",
     "近期每天夜间有大量渣土车经过{road}，沿路抛洒泥土，白天尘土飞扬，雨天路面泥泞，请查处违规运输车辆。"),
    ("城市管理/户外广告", C, 0.8, "{road}广告牌松动存在坠落隐患",
     "{road}{num}号楼顶的大型广告牌支架锈蚀松动，大风天摇晃明显，下方是公交站台，请尽快排查加固或拆除。"),
    ("城市管理/市政设施", H, 2, "{road}窨井盖缺失，夜间行人易跌落",
     "{road}{num}号门前人行道上一处窨井盖缺失，仅用树枝遮挡，夜间光线昏暗，已有行人踩空受伤，请尽快补装。"),
    ("城市管理/市政设施", H, 2, "{road}路灯不亮",
     "{district}{road}自{date}起有一段路灯全部不亮，约两百米，夜间行人和非机动车通行很不安全，请尽快维修。"),
    ("城市管理/市政设施", C, 1.5, "{road}路面坑洼积水",
     "{road}靠近{estate}路段路面破损严重，坑洼较多，下雨后大面积积水，电动车经过容易摔倒，请安排修补。"),
    ("城市管理/绿化", S, 1, "建议修剪{road}行道树",
     "{road}两侧行道树枝叶过密，遮挡路灯和交通信号灯，部分树枝已伸入居民窗户，建议园林部门及时修剪。"),
    ("城市管理/绿化", R, 0.05, "举报有人砍伐古树名木",
     "{community}附近一棵挂牌保护的古树名木近日被人砍去大半枝干，疑似为腾出施工场地，请园林部门核实查处。"),
    ("城市管理/犬只", C, 0.3, "{estate}犬只伤人，饲养人未拴绳",
     "{estate}有住户遛狗不拴绳，{date}其孩子在小区内被犬只咬伤，饲养人拒不承担责任，要求加强犬只管理。"),
    ("市场管理/食品安全", R, 1.5, "举报{shop}销售过期食品",
     "在{road}{shop}购买的牛奶已超过保质期，与店家交涉无果，要求市场监管部门查处并赔偿。"),
    ("市场管理/食品安全", R, 1.5, "举报{shop}后厨卫生脏乱",
     "{road}{num}号{shop}后厨卫生条件很差，地面油污，食材直接堆在地上，员工未戴口罩操作，请市场监管部门检查。"),
    ("市场管理/消费维权", C, 2, "{shop}办理预付卡后停业，要求退款",
     "在{district}{shop}办理了{amount}元的预付卡，尚有余额未消费，近日店铺突然关门停业，联系不上老板，要求协助退款。"),
    ("市场管理/消费维权", C, 1.5, "网购商品质量问题商家拒绝退货",
     "于{date}在网上购买的电器使用三天即出现故障，商家以已拆封为由拒绝退货，请求市场监管部门调解。"),
    ("市场管理/价格", R, 1, "{shop}商品明码标价与实际结算不符",
     "在{road}{shop}购物时发现货架标价与收银结算价格不一致，多收了{amount}元，认为存在价格欺诈。"),
    ("市场管理/计量", R, 0.4, "菜市场商贩缺斤短两",
     "在{street}农贸市场购买猪肉，回家复秤少了近一两，怀疑电子秤被做了手脚，请求对市场内电子秤进行检查。"),
    ("公共服务/供水", H, 2, "{estate}突然停水无通知",
     "{estate}从今天早上起停水，事先没有任何通知，家中有老人小孩生活不便，请求告知停水原因和恢复时间。"),
    ("公共服务/供水", C, 1.5, "自来水发黄有异味",
     "{estate}{building}近几天自来水发黄，有明显铁锈味，不敢饮用，请供水公司检测水质并冲洗管网。"),
    ("公共服务/供水", INQ, 1, "咨询水费阶梯价格如何计算",
     "家中人口较多，用水量大，想了解阶梯水价是否可以按户籍人口增加用水基数，需要怎么办理。"),
    ("公共服务/供电", H, 2, "{estate}频繁停电",
     "{estate}这个月已经停电四次，每次一两个小时，冰箱里的食物都坏了，请求供电公司查明原因彻底解决。"),
    ("公共服务/供电", INQ, 1, "咨询电动汽车充电桩报装流程",
     "在{estate}购买了产权车位，想安装电动汽车充电桩，物业不配合出具证明，想了解报装流程和所需材料。"),
    ("公共服务/燃气", H, 1, "燃气管道有异味，担心泄漏",
     "{estate}{building}楼道内闻到明显燃气味，担心管道泄漏，请燃气公司尽快派人检查。"),
    ("公共服务/供暖", C, 0.5, "供暖温度不达标",
     "{estate}冬季供暖室温只有十五度左右，达不到规定标准，已缴纳全额取暖费，要求热力公司整改。"),
    ("公共服务/公交", S, 1.5, "建议{bus}公交车延长末班时间",
     "{bus}公交车末班车时间为晚上八点，沿线{district}多个小区居民下班较晚无车可坐，建议延长末班时间。"),
    ("公共服务/公交", C, 1.5, "{bus}公交车司机服务态度差",
     "{date}乘坐{bus}公交车时，司机未等乘客站稳就急刹车，老人险些摔倒，乘客提醒后司机态度恶劣，要求公交公司处理。"),
    ("公共服务/公交", C, 1, "{bus}公交车到站不停",
     "在{road}站点等候{bus}公交车，车辆多次过站不停，等车近四十分钟，要求公交公司加强管理。"),
    ("交通/道路交通", S, 1.5, "建议在{road}增设红绿灯",
     "{road}与{road2}交叉口车流量大，没有信号灯，附近有{school}，学生上下学过马路非常危险，建议增设信号灯。"),
    ("交通/道路交通", C, 1, "{road}交通信号灯配时不合理",
     "{road}路口左转绿灯时间过短，早晚高峰车辆排队很长，建议交警部门优化信号灯配时。"),
    ("交通/停车", C, 1.5, "{estate}周边乱停车堵塞消防通道",
     "{estate}门口及消防通道被社会车辆长期占用，消防车无法通行，请相关部门清理并设置禁停标识。"),
    ("交通/出租车", C, 1, "出租车拒载、绕路",
     "{date}晚上在{hospital}门口打出租车，司机得知目的地较近后拒载，另一辆车绕路多收费用，要求查处。"),
    ("交通/共享单车", C, 0.3, "共享单车乱停乱放堵塞人行道",
     "{road}地铁站出口共享单车堆积如山，占满人行道和盲道，行人无法通行，请督促运营企业及时清运。"),
    ("交通/驾驶证", INQ, 1, "咨询驾驶证到期换证办理地点",
     "驾驶证即将到期，想了解在{district}哪里可以办理换证，是否可以网上办理，需要带哪些材料。"),
    ("劳动和社会保障/欠薪", H, 3, "{company}拖欠工资",
     "其在{company}工作，公司已拖欠{months}个月工资共计{amount}元，多次讨要无果，请求劳动监察部门帮助追讨。"),
    ("劳动和社会保障/欠薪", H, 2, "工地拖欠农民工工资",
     "其在{district}某工地做木工，包工头拖欠{months}个月工资，现已联系不上，工友十余人均未拿到工资，请求帮助。"),
    ("劳动和社会保障/社保", INQ, 2, "咨询灵活就业人员社保缴纳",
     "目前为灵活就业人员，想了解在{district}如何以个人身份缴纳养老保险和医疗保险，缴费基数如何选择。"),
    ("劳动和社会保障/社保", C, 1, "单位未依法缴纳社会保险",
     "入职{company}已半年，公司一直未给缴纳社会保险，与公司协商无果，请求依法处理。"),
    ("劳动和社会保障/就业", INQ, 1, "咨询失业保险金申领",
     "于{date}被公司裁员，想了解失业保险金的申领条件、领取期限，以及是否可以网上申请。"),
    ("劳动和社会保障/退休", INQ, 1, "咨询退休手续办理流程",
     "今年即将达到法定退休年龄，想咨询办理退休需要准备哪些材料，档案不在本地应如何处理。"),
    ("教育/学校管理", C, 1.5, "{school}违规组织有偿补课",
     "{district}{school}部分老师在校外组织学生有偿补课，并暗示不参加会影响座位安排，家长敢怒不敢言，请教育局调查。"),
    ("教育/入学", INQ, 2, "咨询{school}学区划分及入学条件",
     "孩子明年上小学，家住{estate}，想了解所属学区是否为{school}，非本地户籍需要准备哪些入学材料。"),
    ("教育/校外培训", C, 1, "校外培训机构跑路，学费无法退还",
     "在{district}{shop}为孩子报名一年课程，交费{amount}元，上了几节课后机构关门，负责人联系不上。"),
    ("教育/校园安全", S, 0.8, "建议{school}门口增设护学岗",
     "{school}门口上下学时段车辆人员混杂，家长接送车辆乱停，存在安全隐患，建议增设护学岗和临时停车区。"),
    ("医疗卫生/医疗服务", C, 2, "{hospital}挂号难、候诊时间长",
     "{date}到{hospital}看病，网上挂不到号，现场排队三个多小时才就诊，希望医院优化预约挂号和分诊流程。"),
    ("医疗卫生/医疗服务", C, 1, "{hospital}医生服务态度差",
     "带老人到{hospital}就诊，接诊医生态度冷漠，问诊不到两分钟就开检查单，家属询问时被呵斥，要求医院处理。"),
    ("医疗卫生/医保", INQ, 2, "咨询异地就医备案及报销",
     "家中老人长期在外地子女家居住，想了解异地就医备案如何办理，住院费用报销比例是多少。"),
    ("医疗卫生/医保", INQ, 1, "咨询门诊慢特病待遇申请",
     "患有糖尿病多年，想了解门诊慢特病待遇如何申请，需要提供哪些病历材料，审批需要多长时间。"),
    ("医疗卫生/疫苗", INQ, 1, "咨询儿童疫苗接种预约",
     "孩子需要接种疫苗，想了解{street}社区卫生服务中心的接种时间，是否需要提前预约，自费疫苗如何选择。"),
    ("生态环境/大气污染", R, 2, "{company}排放刺激性气体",
     "{district}{company}每天晚上排放刺鼻气体，周边居民闭窗仍能闻到，怀疑偷排废气，请环保部门夜间突击检查。"),
    ("生态环境/水污染", R, 1, "河道发黑发臭，疑似有企业偷排",
     "{road}附近河道近期水体发黑发臭，有死鱼漂浮，怀疑上游有企业偷排污水，请生态环境部门调查。"),
    ("生态环境/油烟", C, 1.5, "{shop}油烟扰民",
     "楼下{shop}未安装油烟净化设施，油烟直排，楼上住户家中无法开窗，衣服上都是油烟味，请相关部门处理。"),
    ("生态环境/噪声", C, 1, "{company}生产噪声扰民",
     "{company}厂房设备日夜运转，噪声很大，附近{estate}居民长期无法正常休息，请检测噪声是否超标。"),
    ("生态环境/秸秆焚烧", R, 0.3, "举报{street}有人焚烧秸秆",
     "{street}附近农田有人焚烧秸秆，浓烟滚滚，影响道路能见度和居民呼吸，请尽快处置。"),
    ("社会秩序/治安", H, 1, "{estate}电动车电瓶频繁被盗",
     "近一个月{estate}车棚内多辆电动车电瓶被盗，已向派出所报案，希望加强夜间巡逻并完善车棚监控。"),
    ("社会秩序/消防安全", R, 1.5, "举报楼道电动车飞线充电",
     "{estate}{building}有住户从窗户拉电线到楼下给电动车充电，楼道内也停放多辆电动车充电，存在严重火灾隐患。"),
    ("社会秩序/消防安全", R, 0.6, "举报{shop}消防通道堵塞",
     "{road}{shop}后门消防通道堆满杂物，安全出口被锁，一旦发生火灾后果不堪设想，请消防部门检查。"),
    ("社会秩序/安全隐患", H, 0.05, "{estate}楼下发现马蜂窝",
     "{estate}{building}三楼窗外有一个很大的马蜂窝，已有住户被蜇伤，小孩不敢出门，请求有关部门帮助摘除。"),
    ("社会秩序/安全隐患", H, 0.1, "{road}路边大树倾斜可能倒塌",
     "受台风影响，{road}{num}号门前一棵大树严重倾斜，根部已松动，随时可能倒在人行道上，请尽快处置。"),
    ("民政/养老", INQ, 1.5, "咨询高龄老人补贴申领",
     "家中老人今年满八十周岁，想了解高龄津贴的申请条件和发放标准，需要到{street}哪个窗口办理。"),
    ("民政/养老", S, 1, "建议{community}开设老年食堂",
     "{community}老年人较多，不少独居老人做饭困难，建议开设社区老年食堂或提供助餐服务。"),
    ("民政/救助", H, 1, "申请临时救助",
     "其家庭因病致贫，丈夫{date}住院手术花费{amount}元，家中还有两个孩子上学，生活十分困难，想申请临时救助。"),
    ("民政/婚姻登记", INQ, 0.8, "咨询婚姻登记预约及所需材料",
     "准备下个月领结婚证，想了解{district}婚姻登记处是否需要提前预约，双方户口不在一地需要准备哪些材料。"),
    ("三农/农村管理", H, 0.6, "农村道路损坏影响出行",
     "{street}某村通往镇上的村道路面严重破损，下雨天泥泞不堪，村民出行和农产品外运困难，希望修缮。"),
    ("三农/土地", C, 0.5, "土地流转租金未按时支付",
     "其承包土地于{date}流转给{company}，对方已{months}个月未支付租金，村委会协调无果，请求帮助。"),
    ("国土资源/不动产", INQ, 1.5, "咨询不动产登记办理流程",
     "购买的二手房需要办理过户，想了解{district}不动产登记中心办理时间、所需材料和税费标准。"),
    ("政务服务/办事效率", C, 1, "{district}政务服务中心办事排队时间长",
     "{date}到{district}政务服务中心办理业务，窗口开放少，取号后等待两个多小时，希望增加窗口或推行网上办理。"),
    ("政务服务/办事效率", S, 0.8, "建议政务服务网站简化注册流程",
     "政务服务网站注册流程繁琐，老人使用困难，建议优化实名认证方式，增加线下帮办服务。"),
    ("政务服务/户籍", INQ, 1.5, "咨询新生儿落户办理",
     "孩子于{date}出生，想了解新生儿落户需要哪些材料，是否可以在{street}派出所办理，能否网上办理。"),
    ("政务服务/证照", INQ, 1, "咨询营业执照变更登记",
     "经营的{shop}需要变更经营范围，想了解营业执照变更是否可以全程网办，需要多长时间。"),
    ("经济管理/税费", INQ, 1, "咨询个人所得税专项附加扣除",
     "想了解子女教育、住房贷款利息等个人所得税专项附加扣除如何填报，单位已代扣的能否退税。"),
    ("商贸旅游/旅游", C, 0.5, "旅行社擅自变更行程",
     "参加{company}组织的旅游团，导游擅自减少景点并强制购物，要求旅游主管部门处理并退还部分团费。"),
    ("城乡建设/物业", P, 0.6, "表扬{estate}物业维修及时",
     "{estate}{building}水管爆裂，物业维修人员半夜赶到现场抢修，两个小时恢复供水，特致电表扬。"),
    ("城市管理/市政设施", P, 0.5, "表扬{street}工作人员热心服务",
     "在{street}办事时工作人员耐心细致，主动帮老人填写材料，服务态度很好，特此表扬。"),
    ("公共服务/公交", P, 0.4, "表扬{bus}公交司机拾金不昧",
     "{date}乘坐{bus}公交车时遗失钱包，内有现金和证件，司机捡到后主动联系归还，特致电表扬。"),
    ("交通/电动自行车", INQ, 0.2, "咨询电动自行车上牌登记",
     "新买的电动自行车需要上牌，想了解{district}哪些网点可以办理，超标车如何处理，是否需要预约。"),
    ("城乡建设/燃气安全", S, 0.15, "建议老旧小区加装燃气报警器",
     "{estate}为老旧小区，多为独居老人，建议政府统一为住户加装燃气报警器和自动切断阀。"),
)


@dataclass(frozen=True)
class Appeal:
    """One generated appeal: what an agent or a citizen submits."""

    title: str
    content: str
    appeal_type: AppealType
    topic: str
    channel: Channel
    urgency: Urgency
    district: District
    street_code: str
    street: str
    community: str
    address: str
    lat: float
    lng: float
    caller_name: str
    caller_phone: str


CHANNELS: tuple[tuple[Channel, float], ...] = (
    (Channel.PHONE, 62), (Channel.WECHAT, 12), (Channel.WEB, 10), (Channel.APP, 8), (Channel.SMS, 2),
    (Channel.HIGHER_LEVEL, 2), (Channel.EMAIL, 1), (Channel.LEADER_MAILBOX, 1), (Channel.WEIBO, 1),
    (Channel.OTHER, 1),
)
URGENCIES: tuple[tuple[Urgency, float], ...] = ((Urgency.NORMAL, 95), (Urgency.URGENT, 4.5), (Urgency.CRITICAL, 0.5))


class AppealMaker:
    """Draws appeals from a seeded generator; cheap enough for a million (≈10 µs each)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self._templates = list(TEMPLATES)
        self._template_weights = _cumulative([t[2] for t in TEMPLATES])
        self._districts = list(DISTRICTS)
        self._district_weights = _cumulative([d.weight for d in DISTRICTS])
        self._channels = [c for c, _ in CHANNELS]
        self._channel_weights = _cumulative([w for _, w in CHANNELS])
        self._urgencies = [u for u, _ in URGENCIES]
        self._urgency_weights = _cumulative([w for _, w in URGENCIES])

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.85:
            return rng.choice(("138", "139", "137", "150", "151", "152", "158", "159", "180", "181", "187", "189",
                               "133", "135", "136", "177", "199")) + f"{rng.randrange(10**8):08d}"
        return f"0519-{rng.randrange(8100_0000, 8999_9999)}"

    def appeal(self) -> Appeal:
        rng = self.rng
        topic, appeal_type, _, title, body = rng.choices(self._templates, cum_weights=self._template_weights)[0]
        district = rng.choices(self._districts, cum_weights=self._district_weights)[0]
        street_code, street, communities = rng.choice(district.streets)
        community = rng.choice(communities)
        road, road2 = rng.sample(district.roads, 2)
        num = rng.randrange(1, 400)
        estate = rng.choice(ESTATES)
        slots = {
            "district": district.name, "street": street, "community": community, "road": road, "road2": road2,
            "num": num, "estate": estate, "building": f"{rng.randrange(1, 40)}幢{rng.randrange(1, 4)}单元",
            "date": f"{rng.randrange(1, 13)}月{rng.randrange(1, 29)}日", "months": rng.randrange(2, 10),
            "amount": rng.choice((0.3, 0.5, 200, 500, 1200, 2680, 3000, 5800, 12000, 36000)),
            "shop": rng.choice(SHOPS), "company": rng.choice(COMPANIES), "school": rng.choice(SCHOOLS),
            "hospital": rng.choice(HOSPITALS), "bus": rng.choice(BUS_LINES),
        }
        channel = rng.choices(self._channels, cum_weights=self._channel_weights)[0]
        if appeal_type is INQ:
            opening = rng.choice(INQUIRY_OPENINGS)
        elif channel is Channel.PHONE:
            opening = rng.choice(PHONE_OPENINGS)
        else:
            opening = rng.choice(WRITTEN_OPENINGS)
        closing = "" if appeal_type in (INQ, P) else rng.choice(CLOSINGS)
        lat, lng = district.centre
        return Appeal(
            title=title.format(**slots), content=opening + body.format(**slots) + closing,
            appeal_type=appeal_type, topic=topic, channel=channel,
            urgency=rng.choices(self._urgencies, cum_weights=self._urgency_weights)[0],
            district=district, street_code=street_code, street=street, community=community,
            address=f"{road}{num}号{estate}" if rng.random() < 0.6 else f"{road}{num}号",
            lat=round(lat + rng.uniform(-0.04, 0.04), 6), lng=round(lng + rng.uniform(-0.04, 0.04), 6),
            caller_name=rng.choice(SURNAMES) + rng.choice(TITLES), caller_phone=self.phone(),
        )


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out
