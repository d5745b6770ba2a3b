import { registerEnumType } from 'type-graphql';

export enum OrganizationCategory {
  LIVELIHOOD_SERVICE = 'LIVELIHOOD_SERVICE',
  SOCIAL_AFFAIRS = 'SOCIAL_AFFAIRS',
  SELF_GOVERNANCE = 'SELF_GOVERNANCE',
  VOLUNTEER_CHARITY = 'VOLUNTEER_CHARITY',
  CULTURE_SPORTS = 'CULTURE_SPORTS',
}
registerEnumType(OrganizationCategory, {
  name: 'OrganizationCategory',
  description: '组织类别 The five categories of community social organizations (seed 003).',
  valuesConfig: {
    LIVELIHOOD_SERVICE: { description: '生产生活服务类 Livelihood services' },
    SOCIAL_AFFAIRS: { description: '社会事务类 Social affairs' },
    SELF_GOVERNANCE: { description: '居民自治类 Residents’ self-governance' },
    VOLUNTEER_CHARITY: { description: '志愿公益类 Volunteering and charity' },
    CULTURE_SPORTS: { description: '文体活动类 Culture and sports' },
  },
});

export enum OrganizationLevel {
  COMMUNITY = 'COMMUNITY',
  STREET = 'STREET',
}
registerEnumType(OrganizationLevel, {
  name: 'OrganizationLevel',
  description: '层级 Where the organization is set up.',
  valuesConfig: {
    COMMUNITY: { description: '社区级 In a community, filed through its guidance committee' },
    STREET: { description: '街级分会 At street level (…街…分会), filed with the street branch; has no community' },
  },
});

export enum OrganizationStatus {
  APPLYING = 'APPLYING',
  PUBLIC_NOTICE = 'PUBLIC_NOTICE',
  FILED = 'FILED',
  DISSOLVING = 'DISSOLVING',
  DISSOLVED = 'DISSOLVED',
  CANCELLED = 'CANCELLED',
  REJECTED = 'REJECTED',
}
registerEnumType(OrganizationStatus, {
  name: 'OrganizationStatus',
  description: '备案状态 Where the organization stands in the filing lifecycle.',
  valuesConfig: {
    APPLYING: { description: '申请中 Filing application under review' },
    PUBLIC_NOTICE: { description: '公示中 Approved by the street; public notice running' },
    FILED: { description: '已备案 Filed, with a filing certificate' },
    DISSOLVING: { description: '注销中 Dissolution under review' },
    DISSOLVED: { description: '已注销 Dissolved' },
    CANCELLED: { description: '已取消备案 Filing cancelled for violations' },
    REJECTED: { description: '未通过 Application rejected' },
  },
});

export enum OrganizationSponsor {
  RESIDENTS = 'RESIDENTS',
  DISTRICT_UNIT = 'DISTRICT_UNIT',
  STREET = 'STREET',
}
registerEnumType(OrganizationSponsor, {
  name: 'OrganizationSponsor',
  description: '发起方 Who set the organization up; it decides the naming convention that applies.',
  valuesConfig: {
    RESIDENTS: { description: '居民自发 Founded by residents' },
    DISTRICT_UNIT: { description: '区级单位 Set up by a district unit (…工作站 / …街…分会)' },
    STREET: { description: '街道 Set up by the street (…工作站)' },
  },
});
