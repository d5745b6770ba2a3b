import { registerEnumType } from 'type-graphql';

export enum StreetStage {
  PENDING = 'PENDING',
  REJECTED = 'REJECTED',
  NOTICE = 'NOTICE',
  OBJECTION_UPHELD = 'OBJECTION_UPHELD',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(StreetStage, {
  name: 'StreetStage',
  description: '街道审核阶段 Where a forwarded filing stands at the street branch.',
  valuesConfig: {
    PENDING: { description: '待审核 Waiting for the street’s decision' },
    REJECTED: { description: '不予备案 Rejected by the street' },
    NOTICE: { description: '公示中 Approved; public notice running (or ended, waiting for objections to be resolved)' },
    OBJECTION_UPHELD: { description: '异议成立 An objection was upheld; the filing failed' },
    COMPLETED: { description: '已完成 Certificate issued, change recorded, or certificate voided for a dissolution' },
    CANCELLED: { description: '已取消 The district cancelled the organization’s filing' },
  },
});

export enum StreetDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(StreetDecision, {
  name: 'StreetDecision',
  description: '街道审核意见',
  valuesConfig: { APPROVE: { description: '同意 Approve: the public notice starts' }, REJECT: { description: '不同意 Reject' } },
});

export enum ObjectionStatus {
  PENDING = 'PENDING',
  UPHELD = 'UPHELD',
  DISMISSED = 'DISMISSED',
}
registerEnumType(ObjectionStatus, { name: 'ObjectionStatus', description: '异议状态' });

export enum ObjectionDecision {
  UPHOLD = 'UPHOLD',
  DISMISS = 'DISMISS',
}
registerEnumType(ObjectionDecision, {
  name: 'ObjectionDecision',
  description: '异议处理',
  valuesConfig: { UPHOLD: { description: '异议成立 The filing fails' }, DISMISS: { description: '异议不成立' } },
});
