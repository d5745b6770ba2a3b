import { registerEnumType } from 'type-graphql';

export enum FilingKind {
  NEW = 'NEW',
  CHANGE = 'CHANGE',
  DISSOLUTION = 'DISSOLUTION',
}
registerEnumType(FilingKind, {
  name: 'FilingKind',
  description: '备案类型 What a filing application asks for.',
  valuesConfig: {
    NEW: { description: '成立备案 Filing of a new organization' },
    CHANGE: { description: '变更备案 Change of filed items (name, leader, purpose, area, schedule, category)' },
    DISSOLUTION: { description: '注销备案 Dissolution, after a member-meeting vote' },
  },
});

export enum FilingStatus {
  SUBMITTED = 'SUBMITTED',
  RETURNED = 'RETURNED',
  FORWARDED = 'FORWARDED',
  PUBLIC_NOTICE = 'PUBLIC_NOTICE',
  COMPLETED = 'COMPLETED',
  REJECTED = 'REJECTED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(FilingStatus, {
  name: 'FilingStatus',
  description: '申请状态 Where a filing application stands.',
  valuesConfig: {
    SUBMITTED: { description: '待初审 Waiting for the community committee’s preliminary review' },
    RETURNED: { description: '退回补正 Returned to the applicant for correction' },
    FORWARDED: { description: '待街道审核 Forwarded; waiting for the street branch’s decision' },
    PUBLIC_NOTICE: { description: '公示中 Approved by the street; public notice running' },
    COMPLETED: { description: '已完成 Done: certificate issued, change recorded, or organization dissolved' },
    REJECTED: { description: '未通过 Rejected by the community or the street, or an objection was upheld' },
    CANCELLED: { description: '已撤销 Ended because the district cancelled the organization’s filing' },
  },
});

/** The statuses in which a filing is still open: an organization has at most one open filing. */
export const OPEN_FILING_STATUSES = [
  FilingStatus.SUBMITTED,
  FilingStatus.RETURNED,
  FilingStatus.FORWARDED,
  FilingStatus.PUBLIC_NOTICE,
];

export enum PreliminaryDecision {
  FORWARD = 'FORWARD',
  RETURN = 'RETURN',
  REJECT = 'REJECT',
}
registerEnumType(PreliminaryDecision, {
  name: 'PreliminaryDecision',
  description: '初审意见 The community committee’s preliminary review.',
  valuesConfig: {
    FORWARD: { description: '报街道 Forward to the street branch' },
    RETURN: { description: '退回补正 Return to the applicant for correction, with reasons' },
    REJECT: { description: '不予受理 Reject' },
  },
});
