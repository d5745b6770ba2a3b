import type { PolicyValues } from '@cso/contracts';
import { clock } from '@cso/platform';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/** This tier's copy of the policy values it has received, per district. */
@Entity({ tableName: 'received_policy' })
export class ReceivedPolicy {
  @PrimaryKey({ type: 'uuid' })
  districtId!: string;

  @Property({ type: 'jsonb' })
  values!: PolicyValues;

  /** The district's revision counter: an older event arriving late never overwrites a newer one. */
  @Property({ type: 'integer' })
  revision!: number;

  @Property({ type: 'datetime', columnType: 'timestamptz(3)', defaultRaw: 'now()' })
  receivedAt: Opt<Date> = clock.now();
}
