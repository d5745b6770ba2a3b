import { registerEnumType } from 'type-graphql';

export enum ReportStatus {
  SUBMITTED = 'SUBMITTED',
  AT_STREET = 'AT_STREET',
  AT_DISTRICT = 'AT_DISTRICT',
  RETURNED = 'RETURNED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: '汇报状态 Where a major-activity report stands.',
  valuesConfig: {
    SUBMITTED: { description: '待社区审核 Waiting for the community committee' },
    AT_STREET: { description: '街道审核中 Forwarded to the street branch' },
    AT_DISTRICT: { description: '区协会审核中 Forwarded to the district association' },
    RETURNED: { description: '退回修改 Returned to the organization to revise and resubmit' },
    APPROVED: { description: '同意 Approved by the district (maybe with conditions)' },
    REJECTED: { description: '不同意 Rejected at some level' },
    WITHDRAWN: { description: '已撤回 Withdrawn by the organization' },
  },
});

/** The statuses in which a level is expected to respond (and may become overdue). */
export const WAITING_STATUSES = [ReportStatus.SUBMITTED, ReportStatus.AT_STREET, ReportStatus.AT_DISTRICT];

export enum ReportLevel {
  COMMUNITY = 'COMMUNITY',
  STREET = 'STREET',
  DISTRICT = 'DISTRICT',
}
registerEnumType(ReportLevel, { name: 'ReportLevel', description: '当前层级 The level that holds the report now.' });

export enum ActivityKind {
  PERFORMANCE = 'PERFORMANCE',
  COMPETITION = 'COMPETITION',
  LECTURE = 'LECTURE',
  VOLUNTEER_SERVICE = 'VOLUNTEER_SERVICE',
  GATHERING = 'GATHERING',
  OUTING = 'OUTING',
  OTHER = 'OTHER',
}
registerEnumType(ActivityKind, {
  name: 'ActivityKind',
  description: '活动类型',
  valuesConfig: {
    PERFORMANCE: { description: '文艺演出' },
    COMPETITION: { description: '比赛' },
    LECTURE: { description: '讲座培训' },
    VOLUNTEER_SERVICE: { description: '志愿服务' },
    GATHERING: { description: '大型聚会' },
    OUTING: { description: '外出活动' },
    OTHER: { description: '其他' },
  },
});

export enum ReviewDecision {
  FORWARD = 'FORWARD',
  RETURN = 'RETURN',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: '审核意见 A level’s review of a report: forward it up, return it to the organization, or reject it.',
});
