import { registerEnumType } from 'type-graphql';

export enum EscalationDecision {
  FORWARD = 'FORWARD',
  RETURN = 'RETURN',
  REJECT = 'REJECT',
}
registerEnumType(EscalationDecision, {
  name: 'EscalationDecision',
  description: '街道意见 Forward to the district, return to the organization, or reject.',
});
