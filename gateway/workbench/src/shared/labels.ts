/** Chinese names of the roles, categories and statuses the graph carries (as its descriptions say). */
export const ROLE_LABELS: Record<string, string> = {
  DISTRICT_OFFICER: '区协会工作人员',
  STREET_OFFICER: '街道分会工作人员',
  COMMUNITY_OFFICER: '社区指导委员会工作人员',
  ORG_LEADER: '组织负责人',
  ANALYST: '数据分析员',
};

export const CATEGORY_LABELS: Record<string, string> = {
  LIVELIHOOD_SERVICE: '生产生活服务类',
  SOCIAL_AFFAIRS: '社会事务类',
  SELF_GOVERNANCE: '居民自治类',
  VOLUNTEER_CHARITY: '志愿公益类',
  CULTURE_SPORTS: '文体活动类',
};

export const ORGANIZATION_STATUS_LABELS: Record<string, string> = {
  APPLYING: '申请中',
  PUBLIC_NOTICE: '公示中',
  FILED: '已备案',
  DISSOLVING: '注销中',
  DISSOLVED: '已注销',
  CANCELLED: '已取消备案',
  REJECTED: '未通过',
};

export const REPORT_STATUS_LABELS: Record<string, string> = {
  SUBMITTED: '待社区审核',
  AT_STREET: '街道审核中',
  AT_DISTRICT: '区协会审核中',
  RETURNED: '退回修改',
  APPROVED: '同意',
  REJECTED: '不同意',
  WITHDRAWN: '已撤回',
};

export const roleLabel = (role: string) => (ROLE_LABELS[role] ? `${ROLE_LABELS[role]} ${role}` : role);
