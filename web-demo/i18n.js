// @ts-check
// Interface texts, Chinese first (所有界面文字中文优先，可切换英文).
// `t(key)` returns the text in the current language; elements with data-i18n="key" (text),
// data-i18n-placeholder, data-i18n-title or data-i18n-aria are filled by applyI18n().

const TEXTS = {
  'app.title': ['涉企行政检查合规预检', 'Inspection Compliance Pre-check'],
  'app.subtitle': [
    '依据国办发〔2024〕54号、浙政办发〔2025〕5号及磐安县实施意见，逐条对照规则并指明依据条款',
    'Checks inspections of enterprises against State Council Doc. 2024-54, Zhejiang Doc. 2025-5 and the Pan\'an County opinion, citing every clause',
  ],
  'app.lang': ['English', '中文'],
  'app.langTitle': ['Switch to English', '切换为中文'],
  'app.loading': ['正在加载检查引擎…', 'Loading the checking engine…'],
  'app.loadFailed': ['检查引擎加载失败', 'The checking engine could not be loaded'],
  'app.buildHint': [
    '请先运行 bash web-demo/build.sh 生成 pkg/ 与 data/，再用 bash web-demo/serve.sh 打开本页。',
    'Run bash web-demo/build.sh first (it writes pkg/ and data/), then open the page with bash web-demo/serve.sh.',
  ],
  'app.engine': ['引擎', 'engine'],
  'app.offline': [
    '本页面完全在浏览器内运行（WebAssembly），所填数据不会离开本机。',
    'This page runs entirely in your browser (WebAssembly); nothing you enter leaves this computer.',
  ],
  'app.serviceNote': [
    '检查在浏览器内即时运行（WebAssembly），依据本服务的参考数据与历史记录；提交与上传的数据保存在本服务中。',
    'Checks run at once in your browser (WebAssembly) on this service\'s reference data and history; what you file or upload is kept by this service.',
  ],
  'app.serviceFooter': [
    '检查结果仅供参考，以法律法规原文为准。',
    'Results are advisory; the legal texts prevail.',
  ],
  'app.footerNote': [
    '示例数据为虚构，机构名称为磐安县真实执法主体。检查结果仅供参考，以法律法规原文为准。',
    'The example data are made up; agency names are Pan\'an County\'s real bodies. Results are advisory; the legal texts prevail.',
  ],

  'tab.precheck': ['检查预检', 'Pre-check'],
  'tab.plans': ['计划审查', 'Plan review'],
  'tab.batch': ['批量分析', 'Batch analysis'],
  'tab.rules': ['规则目录', 'Rules'],

  // dataset bar
  'ds.current': ['当前数据集', 'Dataset'],
  'ds.example': ['磐安县示例数据集（2025）', 'Pan\'an County example dataset (2025)'],
  'ds.own': ['自有数据集', 'Own dataset'],
  'ds.counts': ['{agencies} 个主体 · {inspectors} 名人员 · {enterprises} 家企业 · {items} 个事项 · {plans} 个计划',
    '{agencies} agencies · {inspectors} inspectors · {enterprises} enterprises · {items} items · {plans} plans'],
  'ds.policy': ['县级参数', 'county policy'],
  'ds.noPolicy': ['内置默认参数', 'built-in parameters'],
  'ds.change': ['载入自有数据集…', 'Load own dataset…'],
  'ds.close': ['收起', 'Close'],
  'ds.fileDataset': ['数据集（一个 JSON 对象：agencies、inspectors、enterprises、items、plans…）',
    'Dataset (one JSON object: agencies, inspectors, enterprises, items, plans…)'],
  'ds.filePolicy': ['县级参数 policy.toml（可选）', 'County policy policy.toml (optional)'],
  'ds.fileHint': ['只选 policy.toml 时，沿用当前数据集、替换参数。', 'With only a policy.toml, the current dataset is kept with that policy.'],
  'ds.load': ['载入', 'Load'],
  'ds.reset': ['恢复示例数据集', 'Back to the example'],
  'ds.loaded': ['已载入：{name}', 'Loaded: {name}'],
  'ds.error': ['数据集无法载入', 'The dataset could not be loaded'],
  'ds.nothing': ['请先选择文件', 'Choose a file first'],
  'ds.history': ['历史记录来源', 'History source'],
  'ds.historyExample': ['示例 2025 年检查记录（673 条）', 'the example\'s 2025 records (673)'],
  'ds.historyBatch': ['批量分析中载入的记录（{n} 条）', 'records loaded in batch analysis ({n})'],
  'ds.historyNone': ['无（可在“批量分析”中载入记录）', 'none (load records in Batch analysis)'],

  // errors
  'err.message': ['错误', 'Error'],
  'err.path': ['位置', 'Path'],
  'err.file': ['文件', 'File'],
  'err.line': ['行', 'Line'],

  // findings
  'sev.violation': ['违规', 'Violation'],
  'sev.warning': ['警示', 'Warning'],
  'sev.info': ['提示', 'Info'],
  'f.basis': ['依据', 'Clause'],
  'f.remedy': ['整改建议', 'How to put it right'],
  'f.field': ['字段', 'Field'],
  'f.related': ['相关记录', 'Related'],
  'f.relatedTotal': ['（列出最早 {shown} 条，共 {total} 条）', ' (the earliest {shown} of {total})'],
  'f.clean': ['✓ 无问题', '✓ No findings'],
  'tab.desk': ['监督台', 'Supervision'],
  'tab.admin': ['管理', 'Administration'],
  'sv.signInTitle': ['登录检查服务', 'Sign in to the inspection service'],
  'sv.signInHint': ['请输入管理员为您签发的 API 令牌（jct_ 开头）。令牌只保存在本浏览器标签页中，关闭即失效。', 'Enter the API token your administrator issued (it starts with jct_). It is kept in this browser tab only.'],
  'sv.token': ['API 令牌', 'API token'],
  'sv.signIn': ['登录', 'Sign in'],
  'sv.signOut': ['退出', 'Sign out'],
  'sv.signInFailed': ['无法登录', 'Cannot sign in'],
  'sv.historySource': ['检查服务中已存档的记录', 'records filed with the service'],
  'sv.historyFailed': ['未能读取该企业的历史记录，稍后重试：', 'the enterprise\'s history could not be read; trying again shortly:'],
  'sv.submit': ['提交至检查服务', 'File with the service'],
  'sv.submitting': ['正在提交，由服务端复核…', 'Filing; the service checks it…'],
  'sv.submitFailed': ['提交未成功', 'The filing failed'],
  'sv.answer': ['服务端结论：记录 {id} 已存档（决定编号 {decision}）', 'The service filed record {id} (decision {decision}):'],
  'sv.changed': ['另有 {n} 条此前记录的结论因此改变（已推送至监督台）。', '{n} earlier records changed their findings (sent to the supervisors).'],
  'role.officer': ['执法人员', 'officer'],
  'role.supervisor': ['监督人员', 'supervisor'],
  'role.admin': ['管理员', 'administrator'],
  'desk.title': ['监督台', 'Supervision desk'],
  'tab.problems': ['问题清单', 'Problem list'],
  'prob.title': ['涉企行政执法问题清单', 'Problems of enterprise inspections'],
  'prob.intro': ['本年度各部门的问题：不具备主体资格、未公布事项、程序不规范、专项检查未经批准、超计划超频次、违反“五个严禁、八个不得”以及企业投诉；每项附记录、依据条款与整改建议，按“发现 → 交办 → 整改 → 评价”闭环流转，可导出交纪检监察机关。', 'The year\'s problems by agency — bodies without standing, unpublished items, procedure, unapproved special inspections, beyond the plan or the cap, conduct, enterprise complaints — each with its records, clause and remedy, moved through found → assigned → rectified → evaluated, and exported for the discipline bodies.'],
  'prob.xlsx': ['导出 Excel', 'Export Excel'],
  'prob.print': ['打印版', 'Printable'],
  'prob.failed': ['无法读取问题清单', 'Cannot read the problem list'],
  'prob.year': ['年度', 'Year'],
  'prob.f.agency': ['部门', 'Agency'],
  'prob.f.category': ['类别', 'Category'],
  'prob.f.state': ['状态', 'State'],
  'prob.total': ['共 {n} 项问题：', '{n} problems:'],
  'prob.none': ['没有符合条件的问题。', 'No problem matches.'],
  'prob.closed': ['已闭环', 'Loop closed'],
  'prob.note': ['说明（如交办对象、整改情况）', 'Note (to whom, what was done)'],
  'prob.moveTo': ['转为', 'Move to'],
  'prob.clause': ['依据', 'Clause'],
  'prob.remedy': ['整改建议：', 'Remedy: '],
  'prob.records': ['{n} 条记录：', '{n} records:'],
  'prob.rating': ['评分', 'rating'],
  'desk.intro': ['记录存档时即推送预警；可按部门、规则、等级、月份、企业筛选，点开任一记录查看其结论与相关记录；整批导出文件由服务端检查。', 'Alerts arrive as records are filed; filter by agency, rule, severity, month and enterprise, open any record with its related records; whole exports are checked by the service.'],
  'desk.feed': ['实时预警', 'Live alerts'],
  'desk.batches': ['批量检查', 'Batch checks'],
  'desk.upload': ['上传导出文件（JSONL、CSV、XLSX、gzip）', 'Upload an export (JSONL, CSV, XLSX, gzip)'],
  'desk.any': ['全部', 'all'],
  'desk.f.agency': ['部门', 'Agency'],
  'desk.f.rule': ['规则', 'Rule'],
  'desk.f.severity': ['等级', 'Severity'],
  'desk.f.month': ['月份', 'Month'],
  'desk.f.enterprise': ['企业', 'Enterprise'],
  'desk.none': ['暂无预警。新的预警会在记录存档时出现。', 'No alerts yet. New ones appear as records are filed.'],
  'desk.noneFiltered': ['没有符合筛选条件的预警。', 'No alert matches the filters.'],
  'desk.open': ['打开', 'Open'],
  'desk.loading': ['正在读取…', 'Loading…'],
  'desk.openFailed': ['无法打开记录', 'Cannot open the record'],
  'desk.record': ['记录', 'Record'],
  'desk.connected': ['已连接，预警实时推送中。', 'Connected: alerts arrive as they are filed.'],
  'desk.disconnected': ['连接中断，3 秒后重连：', 'Disconnected; reconnecting in 3 s:'],
  'desk.uploading': ['正在上传 {name}…', 'Uploading {name}…'],
  'desk.uploadFailed': ['上传未成功', 'The upload failed'],
  'desk.queued': ['{name} 已排队检查（{id}）。', '{name} is queued ({id}).'],
  'desk.running': ['{phase}：已读 {pct}%，{records} 条记录', '{phase}: {pct}% read, {records} records'],
  'desk.done': ['已完成：{records} 条记录', 'Done: {records} records'],
  'desk.failed': ['失败：', 'Failed:'],
  'desk.phase.queued': ['排队中', 'Queued'],
  'desk.phase.read': ['读取并检查', 'Reading and checking'],
  'desk.phase.cross': ['跨记录规则', 'Cross-record rules'],
  'desk.phase.write': ['写出结果', 'Writing the output'],
  'desk.phase.done': ['完成', 'Done'],
  'desk.outXlsx': ['下载 Excel', 'Excel'],
  'desk.outCsv': ['下载 CSV', 'CSV'],
  'desk.outReport': ['下载报告（HTML）', 'Report (HTML)'],
  'desk.outJsonl': ['下载 JSONL', 'JSONL'],
  'admin.title': ['管理', 'Administration'],
  'admin.putDataset': ['上传参考数据（选择目录中的全部文件）', 'Upload reference data (all files of the directory)'],
  'admin.putPolicy': ['替换政策参数（policy.toml）', 'Replace the policy (policy.toml)'],
  'admin.putCalendar': ['替换节假日安排（calendar.json）', 'Replace the holiday years (calendar.json)'],
  'admin.sending': ['正在校验并载入…', 'Checking and loading…'],
  'admin.refused': ['服务拒绝了这份参考数据（原版本仍在用）', 'The service refused it (the revision in force stays)'],
  'admin.inForceNow': ['已生效：版本 {revision}', 'In force now: revision {revision}'],
  'admin.intro': ['签发与吊销令牌；上传参考数据、政策参数与节假日安排（服务先校验，不能载入的不生效），可恢复早先的版本；安装、停用与恢复部门插件（服务先验证签名）。', 'Issue and revoke tokens; upload reference data, policy and holiday years (checked first: what does not load is refused) and put an earlier revision back; install, take out and put back department plugins (signatures verified first).'],
  'admin.tokens': ['令牌', 'Tokens'],
  'admin.bundles': ['参考数据版本', 'Reference-data revisions'],
  'admin.plugins': ['部门插件', 'Department plugins'],
  'admin.id': ['编号', 'Id'],
  'admin.label': ['名称', 'Label'],
  'admin.role': ['角色', 'Role'],
  'admin.agency': ['机构', 'Agency'],
  'admin.expires': ['到期', 'Expires'],
  'admin.state': ['状态', 'State'],
  'admin.action': ['操作', 'Action'],
  'admin.days': ['有效天数', 'Days valid'],
  'admin.create': ['签发令牌', 'Issue a token'],
  'admin.shownOnce': ['新令牌（只显示这一次，请妥善转交）：', 'The new token (shown this once only):'],
  'admin.revoke': ['吊销', 'Revoke'],
  'admin.revoked': ['已吊销', 'revoked'],
  'admin.active': ['有效', 'active'],
  'admin.confirmRevoke': ['确定吊销令牌 {id}？', 'Revoke token {id}?'],
  'admin.failed': ['操作未成功', 'The action failed'],
  'admin.revision': ['版本', 'Revision'],
  'admin.name': ['名称', 'Name'],
  'admin.created': ['时间', 'Created'],
  'admin.by': ['上传者', 'By'],
  'admin.inForce': ['在用', 'in force'],
  'admin.version': ['版本', 'Version'],
  'admin.remove': ['停用', 'Take out'],
  'admin.noPlugins': ['没有在用的插件。', 'No plugin in force.'],
  'admin.confirmRemove': ['确定停用插件 {id}？', 'Take plugin {id} out of force?'],
  'admin.restore': ['恢复此版本', 'Put back'],
  'admin.confirmRestore': ['确定恢复第 {revision} 版参考数据？服务将重新载入它，并作为新版本生效。', 'Put revision {revision} back in force? The service loads it again and stores it as a new revision.'],
  'admin.putPlugin': ['安装插件（同时选择签名清单 .manifest.json 与组件 .wasm）', 'Install a plugin (pick its signed .manifest.json and its .wasm together)'],
  'admin.pluginPick': ['请同时选择两个文件：签名清单（.json）与组件（.wasm）。', 'Pick two files together: the signed manifest (.json) and the component (.wasm).'],
  'admin.pluginNoId': ['{file} 不是插件清单：没有 id', '{file} is not a plugin manifest: it has no id'],
  'admin.pluginRefused': ['服务拒绝了这个插件（在用的插件不变）', 'The service refused the plugin (the plugins in force stay)'],
  'admin.pluginInForce': ['已验证并生效：{id}', 'Verified and in force: {id}'],
  'admin.pluginHistory': ['安装与停用记录', 'Installs and removals'],
  'admin.seq': ['序号', 'No.'],
  'admin.removed': ['已停用', 'taken out'],
  'admin.noHistory': ['尚无安装记录。', 'Nothing installed yet.'],
  'admin.confirmRestorePlugin': ['确定恢复插件 {id} 的 {version} 版（第 {seq} 号安装）？服务会重新验证签名。', 'Put plugin {id} {version} (install {seq}) back? The service verifies its signature again.'],
  'pc.pendingTag': ['待填写', 'to fill in'],
  'pc.jump': ['查看预检结果', 'See the results'],
  'pc.jumpN': ['查看预检结果（{n}）', 'See the results ({n})'],
  'pc.print': ['打印预检单', 'Print the pre-check sheet'],
  'pc.printTitle': ['涉企行政检查预检单', 'Inspection pre-check sheet'],
  'pc.printed': ['打印时间：{at}（规则引擎 {version}）', 'Printed {at} (engine {version})'],
  'pc.draftRestored': ['已恢复 {at} 自动保存的草稿。', 'Restored the draft saved automatically at {at}.'],
  'pc.quota': ['{agency}本年度（{year}年）已对该企业现场检查 {used} 次，上限 {cap} 次', '{agency} has inspected this enterprise on site {used} times in {year}; the cap is {cap}'],
  'pc.quotaLeft': ['，还可 {left} 次。', '; {left} left.'],
  'pc.quotaNone': ['，已无剩余次数（除法定例外情形外）。', '; none left (save the statutory exemptions).'],
  'pc.quotaNoCap': ['{agency}本年度（{year}年）已对该企业现场检查 {used} 次，未设上限。', '{agency} has inspected this enterprise on site {used} times in {year}; no cap is set.'],
  'pc.quotaColour': ['该企业风险等级上限：各部门合计 {used}/{cap} 次。', 'Risk-colour cap of the enterprise: {used} of {cap}, all agencies.'],
  'pc.quotaCredit': ['该企业信用风险分类上限（县级确定）：各部门合计 {used}/{cap} 次。', "Credit-class cap of the enterprise (the county's choice): {used} of {cap}, all agencies."],
  'pc.quotaWait': ['选择实施主体与企业后，这里显示本年度已用的现场检查次数。', 'Choose the agency and the enterprise to see the on-site visits used this year.'],
  'pc.pendingChoose': ['— 待填写 —', '— to fill in —'],
  'pc.pendingOnly': ['尚有 {n} 项待填写，填写后即检查：', '{n} fields to fill in before the check runs:'],
  'pc.pendingSoFar': ['已填内容未发现问题；尚有 {n} 项待填写：', 'Nothing wrong so far; {n} fields still to fill in:'],
  'pc.fixField': ['请修改', 'fix this'],
  'pc.fixMessage': ['请修改「{field}」：{message}', 'Fix “{field}”: {message}'],
  'pc.confirmReplace': ['表单中有您填写的内容，确定用其他记录替换吗？', 'The form holds what you entered. Replace it?'],
  'f.cleanNote': ['本次检查未发现不符合规则之处。', 'Nothing in this inspection breaks a rule.'],
  'f.count': ['共 {n} 项', '{n} in all'],
  'f.took': ['校验用时 {ms} 毫秒', 'checked in {ms} ms'],
  'f.unreadable': ['记录无法读取', 'The record cannot be read'],

  // pre-check
  'pc.title': ['单次检查预检', 'Pre-check one inspection'],
  'pc.intro': [
    '填写或调整一次涉企行政检查，每次修改都会立即对照全部规则复核；有问题的栏目以红色（违规）或橙色（警示）标出。',
    'Fill in or adjust one inspection; every change is re-checked against all the rules at once. Fields with a problem are marked red (violation) or orange (warning).',
  ],
  'pc.loadRecord': ['从示例记录载入', 'Load an example record'],
  'pc.loadRecordNone': ['— 选择记录 —', '— choose a record —'],
  'pc.newRecord': ['新建空白记录', 'New blank record'],
  'pc.groupFindings': ['含问题的记录', 'Records with findings'],
  'pc.groupClean': ['合规记录', 'Clean records'],
  'pc.secBasic': ['基本信息', 'Basics'],
  'pc.secSubject': ['检查主体与人员', 'Agencies and inspectors'],
  'pc.secEnterprise': ['检查对象', 'Enterprise'],
  'pc.secItems': ['检查事项', 'Inspection items'],
  'pc.secProcedure': ['时间、审批与赋码', 'Time, approval and code'],
  'pc.secNotice': ['事先通知', 'Advance notice'],
  'pc.secConduct': ['检查纪律（五个严禁、八个不得）', 'Conduct (the "five nevers, eight must-nots")'],
  'pc.secMeasures': ['行政强制措施', 'Compulsory measures'],
  'pc.secPenalty': ['行政处罚', 'Penalty'],
  'pc.id': ['记录编号', 'Record id'],
  'pc.activity': ['活动名称', 'Activity'],
  'pc.mode': ['检查方式', 'Mode'],
  'pc.trigger': ['启动方式', 'Trigger'],
  'pc.plan': ['所依据的计划', 'Plan'],
  'pc.planNone': ['— 无 —', '— none —'],
  'pc.lead': ['实施主体（以其名义检查）', 'Lead agency (in whose name)'],
  'pc.joint': ['联合检查单位', 'Joint agencies'],
  'pc.delegated': ['委托检查的部门（一表通查）', 'Delegating agency (checks on its behalf)'],
  'pc.inspectors': ['检查人员', 'Inspectors'],
  'pc.showAllInspectors': ['显示全部人员', 'Show all inspectors'],
  'pc.noInspectors': ['所选主体暂无人员', 'No inspectors for the chosen agencies'],
  'pc.enterprise': ['检查对象（企业）', 'Enterprise'],
  'pc.enterpriseSearch': ['输入名称、信用代码或行业代码搜索', 'Search by name, credit code or industry code'],
  'pc.enterpriseNone': ['未找到匹配的企业', 'No enterprise matches'],
  'pc.items': ['检查事项', 'Items'],
  'pc.showAllItems': ['显示全部部门的事项', 'Show items of every agency'],
  'pc.noItems': ['所选主体暂无检查事项', 'No items for the chosen agencies'],
  'pc.unpublished': ['未公布', 'unpublished'],
  'pc.publishedOn': ['{d} 公布', 'published {d}'],
  'pc.delegable': ['可委托', 'delegable'],
  'pc.startedAt': ['开始时间', 'Started at'],
  'pc.endedAt': ['结束时间', 'Ended at'],
  'pc.approval': ['负责人审批', 'Approval by the head'],
  'pc.approvedAt': ['审批时间', 'Approved at'],
  'pc.approvalNone': ['未审批', 'not approved'],
  'pc.code': ['行政行为码', 'Administrative action code'],
  'pc.codePlaceholder': ['如 ZJXZ3307272025111400001', 'e.g. ZJXZ3307272025111400001'],
  'pc.codeAssignedAt': ['赋码时间', 'Code assigned at'],
  'pc.urgency': ['紧急检查情形', 'Urgent inspection'],
  'pc.noticeState': ['通知情况', 'Notice'],
  'pc.noticeSent': ['已事先书面通知', 'Notice sent in advance'],
  'pc.noticeExempt': ['依规不予事先通知', 'Exempt from notice'],
  'pc.noticeNone': ['未通知', 'No notice'],
  'pc.noticeSentAt': ['通知送达时间', 'Notice delivered at'],
  'pc.noticeStates': ['通知书载明', 'The notice states'],
  'pc.noticeExemption': ['不予通知的情形', 'Reason for no notice'],
  'pc.measureKind': ['措施', 'Measure'],
  'pc.measureBasis': ['法律依据', 'Legal basis'],
  'pc.measureBasisPh': ['如《中华人民共和国安全生产法》第六十五条', 'e.g. Work Safety Law art. 65'],
  'pc.addMeasure': ['＋ 添加措施', '+ Add a measure'],
  'pc.remove': ['删除', 'Remove'],
  'pc.noMeasures': ['未采取行政强制措施', 'No compulsory measure taken'],
  'pc.hasPenalty': ['作出行政处罚', 'A penalty was decided'],
  'pc.decidedOn': ['处罚决定日期', 'Decided on'],
  'pc.firstOffense': ['初次违法', 'First offence'],
  'pc.minor': ['危害后果轻微', 'Minor'],
  'pc.corrected': ['及时改正', 'Corrected in time'],
  'pc.returnVisitOn': ['回访日期', 'Return visit on'],
  'pc.results': ['预检结果', 'Result'],
  'pc.history': ['该企业的其他检查记录', 'Other records of this enterprise'],
  'pc.historyCount': ['共 {n} 条（本次之前 {before} 条），一并参与频次、重复检查等跨记录规则的判断', '{n} records ({before} before this one), used by the cross-record rules (caps, repeats, alerts)'],
  'pc.after': ['之后', 'later'],
  'pc.afterTitle': ['晚于本次检查的记录', 'a record after this inspection'],
  'pc.historyEmpty': ['无历史记录', 'No earlier records'],
  'pc.json': ['查看记录 JSON', 'Show the record as JSON'],
  'pc.copy': ['复制', 'Copy'],
  'pc.copied': ['已复制', 'Copied'],
  'pc.jumpField': ['定位到栏目', 'Go to field'],

  // enums
  'urgency.none': ['否（常规检查）', 'no (ordinary)'],
  'notice.time': ['检查时间', 'time'],
  'notice.basis': ['检查依据', 'legal basis'],
  'notice.purpose': ['检查目的', 'purpose'],
  'notice.content': ['检查内容', 'content'],
  'conduct.gifts': ['收受企业礼品礼金', 'accepted gifts'],
  'conduct.hospitality': ['接受企业宴请', 'accepted hospitality'],
  'conduct.expenses_charged': ['要求企业承担检查费用', 'charged expenses to the enterprise'],
  'conduct.designated_intermediary': ['指定中介机构', 'designated an intermediary'],
  'conduct.legal_rep_required': ['刻意要求法定代表人到场', 'required the legal representative'],
  'cert.none': ['无执法证', 'no certificate'],
  'cert.until': ['证件有效至 {d}', 'certificate until {d}'],
  'cert.revoked': ['证件 {d} 吊销', 'certificate revoked {d}'],
  'risk.label': ['风险等级', 'risk'],
  'credit.label': ['信用等级', 'credit'],
  'industry.label': ['行业', 'industry'],
  'rulekind.per-record': ['单条记录', 'per record'],
  'rulekind.cross-record': ['跨记录', 'cross-record'],
  'rulekind.plan': ['检查计划', 'plan'],
  'rulekind.agency': ['执法主体', 'agency'],

  // plans
  'pl.title': ['检查计划审查', 'Plan review'],
  'pl.intro': [
    '选择示例中的计划或直接编辑其 JSON，立即对照计划类规则审查（公布时限、牵头单位、专项检查审批、计划合并建议等）。',
    'Pick one of the plans or edit its JSON; it is reviewed at once against the plan rules (publication deadline, lead agency, approval of special inspections, merge suggestions…).',
  ],
  'pl.pick': ['选择计划', 'Plan'],
  'pl.json': ['计划 JSON（可编辑）', 'Plan JSON (editable)'],
  'pl.reset': ['恢复原样', 'Reset'],
  'pl.format': ['格式化', 'Format'],
  'pl.new': ['新建计划模板', 'New plan template'],
  'pl.entries': ['计划条目', 'Entries'],
  'pl.item': ['检查事项', 'Item'],
  'pl.enterprises': ['检查对象', 'Enterprises'],
  'pl.allInScope': ['适用范围内全部企业', 'all in the item\'s scope'],
  'pl.nEnterprises': ['{n} 家', '{n}'],
  'pl.method': ['方式', 'Method'],
  'pl.times': ['次/年', 'Times/yr'],
  'pl.duration': ['时长（天）', 'Days'],
  'pl.kind.annual': ['年度计划', 'annual plan'],
  'pl.kind.special': ['专项检查', 'special inspection'],
  'pl.meta': ['{year} 年 · {kind} · 公布于 {pub}', '{year} · {kind} · published {pub}'],
  'pl.unpublishedMeta': ['未公布', 'not published'],
  'pl.lead': ['牵头单位', 'Lead'],
  'pl.findings': ['审查结果', 'Review'],
  'pl.badJson': ['JSON 格式错误', 'Invalid JSON'],
  'pl.related': ['相关计划', 'Related plans'],

  // batch
  'b.title': ['批量分析', 'Batch analysis'],
  'b.intro': [
    '载入一批检查记录（JSON Lines，每行一条），在后台线程中对照全部规则检查，包括需要整批数据的跨记录规则（频次上限、多头检查、联合检查率等）。',
    'Load a batch of inspection records (JSON Lines, one per line); they are checked in a background thread against every rule, including the cross-record rules that need the whole batch (caps, multi-agency alerts, joint rate…).',
  ],
  'b.drop': ['将 .jsonl 文件拖放到此处，或', 'Drop a .jsonl file here, or'],
  'b.choose': ['选择文件', 'choose a file'],
  'b.example': ['使用示例记录（磐安县 2025 年 673 条）', 'Use the example records (Pan\'an 2025, 673)'],
  'b.stage.read': ['读取文件', 'Reading the file'],
  'b.stage.load': ['载入数据集', 'Loading the dataset'],
  'b.stage.check': ['规则检查', 'Checking'],
  'b.stage.summary': ['汇总统计', 'Summarising'],
  'b.finished': ['全部完成', 'All done'],
  'b.overall': ['总进度', 'overall'],
  'b.done': ['完成：{n} 条记录，用时 {ms} 毫秒（其中规则检查 {check} 毫秒）', 'Done: {n} records in {ms} ms ({check} ms checking)'],
  'b.failed': ['分析失败', 'The analysis failed'],
  'b.records': ['检查记录', 'Records'],
  'b.clean': ['无问题记录', 'Clean records'],
  'b.violations': ['违规', 'Violations'],
  'b.warnings': ['警示', 'Warnings'],
  'b.infos': ['提示', 'Infos'],
  'b.unreadable': ['无法读取的行', 'Unreadable lines'],
  'b.recordsWith': ['涉及 {n} 条记录', 'in {n} records'],
  'b.otherScopes': ['其中计划、主体层面 {n} 项', 'incl. {n} on plans, agencies…'],
  'b.byRule': ['按规则统计', 'Findings by rule'],
  'b.byAgency': ['按实施主体统计（记录层面）', 'Findings by lead agency (record level)'],
  'b.joint': ['各主体联合检查率', 'Joint-inspection rate by agency'],
  'b.jointNote': ['联合检查次数 / 计入该主体的现场检查次数（{year} 年）；竖线为目标 {target}（{origin}）',
    'joint / on-site inspections counting the agency ({year}); the line marks the target {target} ({origin})'],
  'b.target': ['目标', 'target'],
  'b.jointBelow': ['低于目标', 'below target'],
  'b.jointFlag': ['⚑ 引擎已提示（joint.rate-below-target）', '⚑ flagged by the engine (joint.rate-below-target)'],
  'b.jointOk': ['达到目标', 'target met'],
  'b.jointNoTarget': ['{year} 年无生效的联合检查率目标', 'no joint-rate target in force for {year}'],
  'b.originCounty': ['县级参数', 'county policy'],
  'b.originBuiltin': ['内置默认', 'built-in'],
  'b.download': ['下载检查结果（JSONL）', 'Download the results (JSONL)'],
  'b.list': ['问题明细', 'Findings in detail'],
  'b.filter': ['筛选规则', 'Rule'],
  'b.filterAll': ['全部规则', 'all rules'],
  'b.showMore': ['显示更多（还有 {n} 行）', 'Show more ({n} more)'],
  'b.colLine': ['行', 'Line'],
  'b.colId': ['记录 / 对象', 'Record / subject'],
  'b.colAgency': ['实施主体', 'Lead agency'],
  'b.colFindings': ['问题', 'Findings'],
  'b.scope.plan': ['计划', 'plan'],
  'b.scope.agency': ['主体', 'agency'],
  'b.scope.enterprise': ['企业', 'enterprise'],
  'b.scope.dataset': ['数据集', 'dataset'],
  'b.unknownAgency': ['（未知主体）', '(unknown agency)'],
  'b.chartEmpty': ['无数据', 'no data'],
  'b.legend': ['图例', 'Legend'],

  // rules tab
  'r.title': ['规则目录', 'Rule catalogue'],
  'r.intro': ['引擎实现的全部规则、严重程度及所依据的条款。', 'Every rule the engine implements, its severity and the clauses it rests on.'],
  'r.sources': ['依据文件', 'Sources'],
  'r.id': ['规则编号', 'Rule id'],
  'r.rule': ['规则', 'Rule'],
  'r.severity': ['程度', 'Severity'],
  'r.remedy': ['整改建议', 'How to put it right'],
  'r.kind': ['类型', 'Kind'],
  'r.citations': ['依据条款', 'Clauses'],
  'r.parameters': ['参数', 'Parameters'],
  'r.notes': ['解释说明', 'Notes'],
  'r.search': ['搜索规则', 'Search rules'],
};

let lang = 'zh';
try {
  const saved = localStorage.getItem('jiancha-lang');
  if (saved === 'zh' || saved === 'en') lang = saved;
} catch {
  // storage unavailable (file:// or privacy mode): Chinese first
}

const listeners = [];

/** The current language, `zh` or `en`. */
export function getLang() {
  return lang;
}

/** Values of the contract's enumerations in contract order, from the engine (`labels()`): {key: [value, …]}. */
const ENUMS = {};

/**
 * Takes the engine's labels of the contract's enumerations (`labels().labels`): each value becomes the text
 * `key.value` (`trigger.plan`), and its list is kept for [`enumValues`].
 */
export function addLabels(labels) {
  for (const [key, values] of Object.entries(labels)) {
    ENUMS[key] = values.map((v) => v.value);
    for (const v of values) TEXTS[`${key}.${v.value}`] = [v.zh, v.en];
  }
}

/** The values of enumeration `key` (`trigger`), in contract order. */
export function enumValues(key) {
  return ENUMS[key] || [];
}

/** The text of `key` in the current language, with `{name}` placeholders filled from `vars`. */
export function t(key, vars = {}) {
  const entry = TEXTS[key];
  let s = entry ? entry[lang === 'en' ? 1 : 0] : key;
  for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** Whether a key exists (for enum labels that may be unknown). */
export function has(key) {
  return key in TEXTS;
}

/**
 * Fills every element carrying data-i18n attributes under `root`.
 * @param {ParentNode} [root]
 */
export function applyI18n(root = document) {
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  /** @type {(selector: string) => NodeListOf<HTMLElement>} */
  const all = (selector) => root.querySelectorAll(selector);
  for (const el of all('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  // placeholders are on <input>s only
  for (const el of all('[data-i18n-placeholder]')) /** @type {HTMLInputElement} */ (el).placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of all('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
  for (const el of all('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
}

/** Switches language, refreshes the static texts and tells the listeners. */
export function setLang(next) {
  lang = next === 'en' ? 'en' : 'zh';
  try {
    localStorage.setItem('jiancha-lang', lang);
  } catch {
    // ignore
  }
  applyI18n();
  for (const fn of listeners) fn(lang);
}

/** Calls `fn(lang)` after every language switch. */
export function onLangChange(fn) {
  listeners.push(fn);
}
