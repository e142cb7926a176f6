"""Every word the pages show, in Chinese (the default) and English, and the choice between them.

Call-takers read Chinese all day; English is for visitors and integrators. ``?lang=en`` (or ``zh``)
switches, and a cookie remembers the choice. Enum values come from the domain with their Chinese
labels; their English label is the code itself, made readable.
"""

from __future__ import annotations

from enum import StrEnum

from hotline.domain.enums import label_zh
from hotline.domain.errors import HotlineError
from hotline.domain.lifecycle import ACTION_LABELS_ZH, Action

LANGUAGES = ("zh", "en")

ZH: dict[str, str] = {
    # the public pages
    "title": "12345 政务服务便民热线", "subtitle": "接得更快 · 分得更准 · 办得更实",
    "lookup": "诉求办理进度查询", "code": "查询码", "go": "查询", "orders": "工单状态分布",
    "api": "接口文档", "not_found": "没有找到此查询码对应的诉求。", "number": "工单编号", "status": "办理状态",
    "accepted": "受理时间", "due": "办理时限", "reply": "答复内容", "progress": "办理过程", "language": "English",
    # sign-in
    "login": "登录", "logout": "退出", "username": "用户名", "password": "密码", "workbench": "工作台",
    "login_title": "工作台登录", "bad_credentials": "用户名或密码错误，请重新输入。",
    # navigation
    "nav_intake": "受理登记", "nav_orders": "工单队列", "nav_home": "首页",
    # intake
    "intake_title": "受理登记", "channel": "来源渠道", "caller_name": "诉求人", "caller_phone": "联系电话",
    "caller_company": "单位名称", "confidential": "诉求人要求保密", "title_field": "标题", "content": "诉求内容",
    "address": "详细地址", "district": "区县", "street": "街道乡镇", "community": "社区村",
    "appeal_type": "诉求类型", "topic": "问题分类", "urgency": "紧急程度", "choose": "（请选择）",
    "let_suggest": "（由系统建议）", "urgency_auto": "（自动：一般，识别到紧急情况时提级）",
    "urgency_raised": "如登记而未转接，紧急程度自动定为“{level}”（可在“紧急程度”中另选）。",
    "topic_hint": "如 城市管理/路灯井盖", "required": "必填",
    "topic_guessed": "系统推测，把握 {p}%，待确认",
    "topic_guess_mark": "（推测）", "topic_guess_hint": "系统推测的问题分类，尚未确认",
    "get_suggestions": "获取建议", "register": "登记工单", "registered": "已登记工单 {number}（查询码 {code}）。",
    # the assistant panel
    "assist": "智能辅助", "assist_empty": "输入诉求内容后，这里会给出类型、分类、承办单位、紧急警示和疑似重复件。",
    "emergency": "紧急警示", "transfer_to": "请立即转接 {line}",
    "possible_emergency": "疑似紧急", "check_then_transfer": "请核实，属实即转接 {line}",
    "scope": "受理范围提示", "route": "法定途径", "out_of_scope": "不属受理范围",
    "answer_directly": "直接答复办结", "answer_text": "答复内容",
    "answer_hint": "在电话中已依据知识库答复诉求人，无需派单：工单即办结，并短信告知诉求人。",
    "out_of_scope_action": "非受理范围告知",
    "suggested_type": "建议诉求类型", "suggested_topic": "建议问题分类", "use": "采用", "because": "依据词",
    "confidence": "置信度", "by_rules": "规则判断", "suggested_unit": "建议承办单位", "co_units": "协办单位",
    "similar": "相似的历史工单及去向", "repeats": "疑似重复件", "duplicate": "疑似重复（可并单）",
    "related": "相关工单", "same_caller": "同一来电人", "similarity": "文本相似度", "shared": "共同词",
    "repeat_call": "同一来电人再次反映 — 可并单或催办", "repeat_cues": "再次来电的说法",
    "urge_instead": "催办此单", "urge_instead_hint": "不另立新单，来电内容作为催办意见转承办单位",
    "place": "地点", "no_unit": "暂无单位建议", "quality": "文本提示", "location": "识别地点",
    # queue
    "emergencies_waiting": "紧急警示尚未处理：请立即核实并转接",
    "queue_title": "工单队列", "awaiting_dispatch": "待派单", "all": "全部", "search": "搜索",
    "search_hint": "内容关键词，或工单编号、查询码、来电号码", "next_page": "下一页", "first_page": "第一页",
    "no_orders": "没有符合条件的工单。", "lead_unit": "主办单位", "overdue": "已超期",
    "late_hours": "{n} 小时", "late_days": "{n} 天",
    # the order page
    "order_title": "工单 {number}", "caller": "诉求人", "phone": "电话", "lookup_code": "查询码",
    "show_number": "查看号码", "reveal_purpose": "查看事由", "purpose_callback": "联系诉求人", "purpose_visit": "回访",
    "purpose_verify": "核实情况", "number_shown_audited": "（本次查看已记入审计）",
    "session_ended": "登录已失效：请在新标签页重新登录，本页已填写的内容仍在。",
    "location_field": "地点", "timeline": "办理过程", "at": "时间", "action": "操作", "who": "操作人",
    "event_note": "说明",
    "classify": "确认/更正分类", "confirm": "确认", "dispatch": "派单", "dispatch_to": "主办单位",
    "note": "备注", "merge": "并单", "merge_into": "并入工单",
    "merge_confirm": "我确认并单（本工单随之结束）",
    "merge_there": "此件晚于本单受理：如属重复，请在该工单上并入本单",
    "transfer": "转出", "transfer_target": "转接热线",
    "dispatched_at": "派单时间",
    "sign_due": "签收时限", "return_due": "退单时限", "co_units_field": "协办单位", "hold_ctrl": "按住 Ctrl 可多选",
    "merged_into": "已并入", "merged_here": "并入本单",
    "merged_here_note": "（{n} 件重复诉求已并入本工单，办结答复与回访须一并覆盖）", "transfer_done": "已转出至",
    "transfer_nature": "性质", "transfer_emergency": "紧急（险情、警情正在发生）", "transfer_ordinary": "非紧急转办",
    "emergency_mark": "紧急",
    # results and errors
    "done": "已完成：{what}。", "error": "出错了", "back": "返回",
    "csrf": "页面已过期或请求来源不明，请刷新页面后重试。",
    "place_same_spot": "同一地点", "place_same_community": "同一社区", "place_same_street": "同一街道",
    "place_same_district": "同一区县", "place_unknown": "地点不详", "place_different": "不同地点",
    # the handling unit's forms on the order page, and the centre's rulings on them
    "sign": "签收", "return_order": "退单", "return_reason": "退单理由", "return_basis": "退单依据（法规或职责文件）",
    "reply_form": "答复", "reply_text": "办理结果及答复内容", "request_extension": "申请延期",
    "extension_days": "延期工作日数", "extension_reason": "延期理由", "respond": "联系诉求人",
    "contact_note": "联系情况", "rule_return": "退单审核", "redispatch": "退单成立，改派", "reject_return": "驳回退单",
    "new_lead_unit": "改派至", "comment": "意见", "review": "答复审核", "accept_reply": "审核通过",
    "send_back": "退回重办", "decide_extension": "延期审批", "approve": "同意延期", "deny": "不同意延期",
    "pending_return": "退单申请", "pending_extension": "延期申请", "days_unit": "{days} 个工作日",
    "reason_field": "理由", "basis_field": "依据",
    "pass_down": "下派", "pass_down_to": "下派至",
    "pass_down_hint": "下派后本单位仍对办理结果负责（首接负责制）。",
    # the centre's end of the lifecycle, supervision and voiding
    "visit": "回访", "record_visit": "记录回访", "visit_method": "回访方式", "method_phone": "电话",
    "method_sms": "短信", "method_web": "网上", "method_on-site": "上门", "solved": "是否解决",
    "satisfaction": "满意度", "visit_note": "回访情况", "visit_result": "回访结果", "redo": "重办",
    "redo_reason": "重办原因", "close": "办结", "close_note": "办结说明",
    "close_unvisited": "尚未回访：诉求人联系不上或拒绝回访时，可不回访直接办结，请在说明中写明。",
    "closed_at": "结束时间", "supervision": "催办督办", "urge": "催办", "urge_note": "催办意见",
    "supervise": "督办", "supervise_note": "督办意见", "supervised": "已列入督办", "urged_times": "已催办 {n} 次",
    "void": "作废", "void_reason": "作废原因", "void_confirm": "我确认作废此工单",
    "void_warning": "作废后工单终止办理、不能恢复，承办单位会收到通知。仅用于误录、测试等无效工单；重复诉求请用并单。",
    "awaiting_return_ruling": "退单待审", "awaiting_reply_review": "答复待审",
    "awaiting_visit": "待回访", "overdue_only": "只看已超期", "overdue_tab": "已超期",
    "awaiting_sign": "待签收", "in_hand": "办理中",
    # hot issues
    "nav_hot": "热点问题", "hot_title": "热点问题", "period_from": "起始日期", "period_to": "截止日期",
    "district_any": "全部区县", "filter": "筛选", "hot_count": "工单数", "hot_callers": "来电人数",
    "hot_places": "地点", "hot_topics": "问题分类", "hot_trend_day": "每日趋势", "hot_trend_week": "每周趋势",
    "hot_orders": "相关工单", "key_phrases": "关键词", "more_orders": "等 {n} 件",
    "hot_summary": "{start} 至 {end}：读取工单 {read} 件，热点问题 {n} 个。",
    "hot_empty": "{start} 至 {end} 没有热点问题（读取工单 {read} 件；至少两件相似的诉求才成为热点）。",
    "direction_rising": "上升", "direction_falling": "下降", "direction_steady": "平稳",
    "first_last": "首次 / 最近", "orders_on": "{day}：{n} 件",
    # the dispatch catalogue
    "nav_catalogue": "派单目录", "catalogue_title": "派单目录", "revision": "版本", "rule_topic": "问题分类（前缀）",
    "area": "区域", "whole_city": "全市", "every_topic": "全部分类", "territorial_level": "属地层级",
    "territorial_lead": "属地：{level}政府", "effective_from": "生效时间", "effective_to": "停止时间",
    "in_force": "现行", "show_history": "含已替换、停用的规则", "show_current": "只看现行规则",
    "no_rules": "派单目录中暂无规则。", "add_rule": "新增规则", "replace_rule": "修改",
    "replacing": "修改规则（版本 {revision}）：保存后生成新版本，原规则停止适用", "retire_rule": "停用",
    "retire_confirm": "我确认停用此规则（立即停止按它派单）",
    "save": "保存", "cancel": "取消", "all_topics_check": "适用于全部分类（兜底规则）",
    "lead_or_level": "主办单位与属地层级二选一", "effective_hint": "留空即刻生效",
    "rule_done": "派单目录已更新（版本 {revision}）。", "rule_retired": "规则已停用。",
    "bounces_title": "成立的退单（近 {days} 天受理的工单）",
    "bounces_hint": "同一分类反复从一个单位退回、改派给另一单位时，请核对对应的目录规则。",
    "returned_by": "退单单位", "redispatched_to": "改派单位", "bounce_count": "次数",
    "bounce_share": "占该分类派往退单单位", "as_suggested": "按建议派出",
    "no_bounces": "近 {days} 天受理的工单没有成立的退单。", "untitled_topic": "（未分类）",
    "further_down": "本页下方", "bounces_short": "成立的退单",
    "returned_mark": "已退单", "no_redispatch_suggestion": "没有未退过此单的建议单位：请选择改派单位",
    "topics_title": "问题分类目录", "rule_topic_outside": "（不在问题分类目录中，请修改）",
    "topics_hint": "登记、确认分类和派单规则只能选用目录中的现行分类；系统推测的分类不在目录中时归入其一级分类或留空。",
    "topics_empty": "目录为空：问题分类可自由填写。添加分类后，登记、确认分类和派单规则只能选用目录中的分类。",
    "topic_path": "分类", "topic_level": "级别", "topic_added": "添加", "topic_retired": "停用",
    "topic_path_hint": "如 城乡建设 或 城乡建设/物业", "add_topic": "添加分类", "retire_topic": "停用",
    "retire_topic_confirm": "我确认停用此分类（此后不能再选用）",
    "topic_done": "已在问题分类目录中添加“{path}”。", "topic_gone": "问题分类“{path}”已停用。",
    "nav_review": "复盘", "review_title": "派单与紧急提示复盘", "review_days": "近几天受理的工单",
    "review_dispatch": "派单（近 {days} 天受理的工单）", "review_dispatched": "派单（含改派）",
    "review_followed": "按建议单位派单", "review_with_suggestion": "{n} 次派单有建议单位",
    "review_returns": "退单", "review_return_rulings": "{n} 次，成立改派 {upheld} 次，驳回 {rejected} 次",
    "review_returns_pending": "，待审 {n} 次",
    "review_emergency": "紧急提示（近 {days} 天受理的工单）", "review_flagged": "提示",
    "review_transferred": "转接紧急", "review_ordinary": "按普通诉求办理", "review_waiting": "待处理",
    "review_other": "其他", "review_confirmed": "确认率", "review_rules": "规则", "review_model": "模型",
    "review_missed": "未被提示的紧急转接：{n} 次", "review_overruled": "规则提示后按普通诉求办理的依据词",
}

EN: dict[str, str] = {
    "title": "12345 Government Service Hotline",
    "subtitle": "Connect faster, dispatch more accurately, handle for real",
    "lookup": "Check an appeal", "code": "Lookup code", "go": "Check", "orders": "Work orders by status",
    "api": "API documentation", "not_found": "No appeal has this lookup code.", "number": "Order number",
    "status": "Status", "accepted": "Received", "due": "Due", "reply": "Reply", "progress": "Progress",
    "language": "中文",
    "login": "Sign in", "logout": "Sign out", "username": "User name", "password": "Password",
    "workbench": "Workbench", "login_title": "Sign in to the workbench",
    "bad_credentials": "Wrong user name or password; please try again.",
    "nav_intake": "Register", "nav_orders": "Queue", "nav_home": "Home",
    "intake_title": "Register an appeal", "channel": "Channel", "caller_name": "Caller", "caller_phone": "Phone",
    "caller_company": "Company", "confidential": "Caller asks for confidentiality", "title_field": "Title",
    "content": "Appeal", "address": "Address", "district": "District", "street": "Street / township",
    "community": "Community", "appeal_type": "Appeal type", "topic": "Topic", "urgency": "Urgency",
    "choose": "(choose)", "let_suggest": "(let the platform suggest)",
    "urgency_auto": "(auto: normal; raised in an emergency)",
    "urgency_raised": "If registered rather than transferred, the order's urgency is set to “{level}” (choose another "
                      "under Urgency).",
    "topic_hint": "e.g. 城市管理/路灯井盖",
    "topic_guessed": "the platform's guess, {p}% sure; not yet confirmed",
    "topic_guess_mark": "(guess)", "topic_guess_hint": "the platform's guess at the topic, not yet confirmed",
    "required": "required", "get_suggestions": "Get suggestions", "register": "Register",
    "registered": "Registered order {number} (lookup code {code}).",
    "assist": "Assistant", "assist_empty": "Type the appeal: the appeal type, topic, unit, emergency alerts and "
                                            "possible repeats appear here.",
    "emergency": "Emergency", "transfer_to": "Transfer to {line} now",
    "possible_emergency": "Possible emergency", "check_then_transfer": "check, and if so transfer to {line}",
    "scope": "Acceptance scope", "route": "Legal route", "out_of_scope": "Outside the acceptance scope",
    "answer_directly": "Answer and close", "answer_text": "Answer",
    "answer_hint": "Answered on the phone from the knowledge base, no dispatch needed: the order closes and the "
                   "caller gets a text message.",
    "out_of_scope_action": "Tell the legal route (outside the scope)",
    "suggested_type": "Suggested appeal type", "suggested_topic": "Suggested topic", "use": "Use",
    "because": "Because of", "confidence": "Confidence", "by_rules": "rules", "suggested_unit": "Suggested unit",
    "co_units": "Co-units", "similar": "Similar past orders and where they went", "repeats": "Possible repeats",
    "duplicate": "Likely repeat (merge)", "related": "Related order", "same_caller": "same caller",
    "repeat_call": "Same caller again about this order — merge, or chase it (催办)",
    "urge_instead": "Chase this order",
    "urge_instead_hint": "no new order: what the caller says goes to the unit as the reminder",
    "repeat_cues": "the caller says",
    "similarity": "text similarity", "shared": "shared words", "place": "place", "no_unit": "No unit suggested",
    "quality": "Text", "location": "Recognised place",
    "emergencies_waiting": "Emergency flags still waiting: check and transfer at once",
    "queue_title": "Order queue", "awaiting_dispatch": "Awaiting dispatch", "all": "All", "search": "Search",
    "search_hint": "words of the appeal, or an order number, lookup code or phone",
    "next_page": "Next page", "first_page": "First page",
    "no_orders": "No orders match.", "lead_unit": "Lead unit", "overdue": "overdue",
    "late_hours": "by {n} h", "late_days": "by {n} d",
    "order_title": "Order {number}", "caller": "Caller", "phone": "Phone", "lookup_code": "Lookup code",
    "show_number": "Show number", "reveal_purpose": "Purpose", "purpose_callback": "Call the caller",
    "purpose_visit": "Return visit", "purpose_verify": "Verify facts",
    "number_shown_audited": "(this viewing is audited)",
    "session_ended": "The session has ended: sign in again in a new tab; what you typed here is kept.",
    "location_field": "Location", "timeline": "Timeline", "at": "At", "action": "Action", "who": "By",
    "event_note": "Details",
    "classify": "Confirm or correct the classification", "confirm": "Confirm", "dispatch": "Dispatch",
    "dispatch_to": "Lead unit", "note": "Note", "merge": "Merge", "merge_into": "Merge into",
    "merge_there": "Registered after this order: if it repeats it, merge it into this one from its page",
    "merge_confirm": "I confirm: merge (this order ends)",
    "transfer": "Transfer", "transfer_target": "Transfer to line", "dispatched_at": "Dispatched",
    "sign_due": "Sign by", "return_due": "Return by",
    "co_units_field": "Co-units", "hold_ctrl": "hold Ctrl to choose several",
    "merged_into": "Merged into", "merged_here": "Merged here",
    "merged_here_note": "({n} repeat appeals merged into this order: the reply and the return visit cover them too)",
    "transfer_done": "Transferred to",
    "transfer_nature": "Nature", "transfer_emergency": "Emergency (happening now)",
    "transfer_ordinary": "Not an emergency", "emergency_mark": "emergency",
    "done": "Done: {what}.", "error": "Error", "back": "Back",
    "csrf": "The page has expired or the request came from elsewhere; reload the page and try again.",
    "place_same_spot": "same spot", "place_same_community": "same community", "place_same_street": "same street",
    "place_same_district": "same district", "place_unknown": "place unknown", "place_different": "another place",
    "sign": "Sign for it", "return_order": "Return", "return_reason": "Reason for the return",
    "return_basis": "Basis (regulation or remit)", "reply_form": "Reply", "reply_text": "Result and reply",
    "request_extension": "Request an extension", "extension_days": "Working days", "extension_reason": "Reason",
    "respond": "Contact the caller", "contact_note": "What was said", "rule_return": "Rule on the return",
    "redispatch": "Uphold and re-dispatch", "reject_return": "Reject the return", "new_lead_unit": "Re-dispatch to",
    "comment": "Comment", "review": "Review the reply", "accept_reply": "Accept", "send_back": "Send back",
    "decide_extension": "Decide the extension", "approve": "Approve", "deny": "Deny",
    "pending_return": "Return requested", "pending_extension": "Extension requested",
    "days_unit": "{days} working days", "reason_field": "Reason", "basis_field": "Basis",
    "pass_down": "Pass down", "pass_down_to": "Pass down to",
    "pass_down_hint": "Your unit stays responsible for the result (the first receiver answers for it).",
    "visit": "Return visit", "record_visit": "Record the visit", "visit_method": "How", "method_phone": "phone",
    "method_sms": "SMS", "method_web": "web", "method_on-site": "on site", "solved": "Solved?",
    "satisfaction": "Satisfied?", "visit_note": "What the caller said", "visit_result": "Return visit",
    "redo": "Redo", "redo_reason": "Reason for the redo", "close": "Close", "close_note": "Closing note",
    "close_unvisited": "Not visited yet: if the caller cannot be reached or declines the visit, the order may be "
                       "closed without one; say so in the note.",
    "closed_at": "Ended", "supervision": "Urge and supervise", "urge": "Urge", "urge_note": "Reminder to the unit",
    "supervise": "Supervise", "supervise_note": "Supervision note", "supervised": "under supervision",
    "urged_times": "urged {n} times", "void": "Void", "void_reason": "Reason for voiding",
    "void_confirm": "I confirm: void this order",
    "void_warning": "A voided order stops for good and cannot be restored; its unit is told. Only for entries made "
                    "by mistake or for tests; merge repeated appeals instead.",
    "awaiting_return_ruling": "Returns to rule on", "awaiting_reply_review": "Replies to review",
    "awaiting_visit": "Awaiting return visit", "overdue_only": "Overdue only", "overdue_tab": "Overdue",
    "awaiting_sign": "To sign for", "in_hand": "In hand",
    "nav_hot": "Hot issues", "hot_title": "Hot issues", "period_from": "From", "period_to": "To", "filter": "Filter",
    "district_any": "All districts", "hot_count": "Orders", "hot_callers": "Callers", "hot_places": "Places",
    "hot_topics": "Topics", "hot_trend_day": "Daily trend", "hot_trend_week": "Weekly trend", "hot_orders": "Orders",
    "key_phrases": "Key phrases", "more_orders": "and {n} more", "first_last": "First / latest",
    "hot_summary": "{start} to {end}: {read} orders read, {n} hot issues.", "orders_on": "{day}: {n}",
    "hot_empty": "No hot issues from {start} to {end} ({read} orders read; it takes two similar appeals to make one).",
    "direction_rising": "rising", "direction_falling": "falling", "direction_steady": "steady",
    "nav_catalogue": "Catalogue", "catalogue_title": "Dispatch catalogue", "revision": "Revision",
    "rule_topic": "Topic (prefix)", "area": "Area", "whole_city": "whole city", "every_topic": "every topic",
    "territorial_level": "Territorial level", "territorial_lead": "territorial: the {level} government",
    "effective_from": "Effective from", "effective_to": "Stopped", "in_force": "in force",
    "show_history": "Include replaced and retired rules", "show_current": "Rules in force only",
    "no_rules": "The catalogue has no rules.", "add_rule": "Add a rule", "replace_rule": "Replace",
    "replacing": "Replacing the rule of revision {revision}: saving makes a new revision and the old rule stops",
    "retire_rule": "Retire",
    "retire_confirm": "I confirm: retire this rule (dispatch stops using it at once)",
    "save": "Save", "cancel": "Cancel",
    "all_topics_check": "Applies to every topic (fallback)",
    "lead_or_level": "a lead unit or a territorial level, not both", "effective_hint": "empty: at once",
    "rule_done": "The catalogue is updated (revision {revision}).", "rule_retired": "The rule is retired.",
    "bounces_title": "Upheld returns (orders accepted in the last {days} days)",
    "bounces_hint": "When a topic keeps coming back from one unit and going to another, check its catalogue rule.",
    "returned_by": "Returned by", "redispatched_to": "Re-dispatched to", "bounce_count": "Times",
    "bounce_share": "Of the topic's dispatches there", "as_suggested": "As suggested",
    "no_bounces": "No upheld returns among the orders accepted in the last {days} days.",
    "untitled_topic": "(no topic)",
    "further_down": "Further down", "bounces_short": "Upheld returns",
    "returned_mark": "returned it",
    "no_redispatch_suggestion": "No suggested unit that has not returned this order: choose the unit to re-dispatch to",
    "topics_title": "Topic directory", "rule_topic_outside": "(not in the topic directory: replace it)",
    "topics_hint": "Registration, classification and catalogue rules take the directory's active topics only; a "
                   "topic the platform guesses outside it is filed under its level 1, or left empty.",
    "topics_empty": "The directory is empty: topics are typed freely. Once it has topics, registration, "
                    "classification and catalogue rules take topics from it only.",
    "topic_path": "Topic", "topic_level": "Level", "topic_added": "Added", "topic_retired": "Retired",
    "topic_path_hint": "e.g. 城乡建设 or 城乡建设/物业", "add_topic": "Add a topic", "retire_topic": "Retire",
    "retire_topic_confirm": "I confirm: retire this topic (nobody can choose it from now on)",
    "topic_done": "“{path}” is added to the topic directory.", "topic_gone": "The topic “{path}” is retired.",
    "nav_review": "Review", "review_title": "How dispatches and emergency flags fared",
    "review_days": "Orders accepted in the last … days",
    "review_dispatch": "Dispatch (orders accepted in the last {days} days)",
    "review_dispatched": "Dispatches (with re-dispatches)", "review_followed": "Dispatched to the suggested unit",
    "review_with_suggestion": "{n} dispatches had a suggested unit",
    "review_returns": "Returns", "review_return_rulings": "{n}, upheld and re-dispatched {upheld}, rejected {rejected}",
    "review_returns_pending": ", awaiting a ruling {n}",
    "review_emergency": "Emergency flags (orders accepted in the last {days} days)", "review_flagged": "Flagged",
    "review_transferred": "Transferred as emergencies", "review_ordinary": "Handled as ordinary appeals",
    "review_waiting": "Waiting", "review_other": "Other", "review_confirmed": "Confirmed",
    "review_rules": "Rules", "review_model": "Model",
    "review_missed": "Transferred as emergencies with no flag: {n}",
    "review_overruled": "The rules' words most often overruled",
}

assert ZH.keys() == EN.keys(), set(ZH) ^ set(EN)  # a missing word would show as a blank on one side


def texts(lang: str) -> dict[str, str]:
    return EN if lang == "en" else ZH


def choose_language(requested: str | None, remembered: str | None) -> str:
    """The page language: asked for in the URL, else remembered, else Chinese."""
    chosen = requested if requested in LANGUAGES else remembered
    return "en" if chosen == "en" else "zh"


def label(value: StrEnum | str | None, lang: str) -> str:
    """How an enum value (status, type, channel, role…) reads in ``lang``."""
    if value is None:
        return ""
    if not isinstance(value, StrEnum):
        return str(value)
    return _readable(value.value) if lang == "en" else label_zh(value)


def _readable(code: str) -> str:
    """A code as English words: "pending_visit" reads "Pending visit", "uphold-return" "Uphold return"."""
    words = code.replace("_", " ").replace("-", " ")
    return words[:1].upper() + words[1:]


def action_label(action: str, lang: str) -> str:
    try:
        known = Action(action)
    except ValueError:
        return action
    return _readable(known.value) if lang == "en" else ACTION_LABELS_ZH[known]


def error_message(error: HotlineError, lang: str) -> str:
    return error.message_en if lang == "en" else error.message_zh
